// n8n's community-node rules (the set @n8n/node-cli's config enables) on the published
// code and package.json; typescript-eslint's recommended rules on all TypeScript.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'nodes/shared/generated/**', '.e2e-output/**', 'coverage/**'] },
	{ files: ['**/*.js', '**/*.mjs'], ...js.configs.recommended, languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', exports: 'writable', setImmediate: 'readonly', AbortController: 'readonly', fetch: 'readonly' } } },
	...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: community.plugins,
		rules: community.rules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		plugins: community.plugins,
		rules: community.rules,
	},
);
