// Imported before n8n-core: its logger reads the level once, when first created. Errors
// the tests provoke on purpose would otherwise be printed by n8n's console transport.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';
