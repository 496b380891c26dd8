// One n8n user folder for the whole test run (n8n-core keeps its instance settings there),
// removed again by globalTeardown.js; workers inherit it through the environment.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
	if (process.env.N8N_USER_FOLDER) return;
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-jest-n8n-'));
	process.env.WABA_JEST_USER_FOLDER = process.env.N8N_USER_FOLDER;
};
