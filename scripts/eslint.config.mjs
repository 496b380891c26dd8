// Tooling: runs under Node (tsx, jest), never inside n8n and never published. n8n's community
// node rules (no fs/child_process/process, no console, no secrets in source) are written for
// the package; here they would only ask for a disable banner in every file. The tooling reads
// n8n's REST answers and delivery JSON, which are untyped, so `any` is allowed too.
// `npm run lint` sets ESLINT_FLAGS=unstable_config_lookup_from_file so that ESLint uses this
// file for scripts/ (and test/eslint.config.mjs for test/) while the package keeps n8n's
// default eslint.config.mjs, which strict mode requires unchanged.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
];
