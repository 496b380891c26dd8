// n8n's community-node rules (the set @n8n/node-cli's config enables) on the published
// code and package.json; typescript-eslint's recommended rules on all TypeScript.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'nodes/shared/generated/**', '.e2e-output/**', 'coverage/**'] },
	{
		files: ['**/*.js', '**/*.mjs'],
		...js.configs.recommended,
		languageOptions: {
			globals: Object.fromEntries(
				[
					'require', 'module', 'exports', 'process', 'console', '__dirname', '__filename', 'Buffer',
					'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'URL',
					'URLSearchParams', 'AbortController', 'AbortSignal', 'fetch', 'TextDecoder', 'TextEncoder',
					'performance', 'structuredClone', 'queueMicrotask',
				].map((name) => [name, 'readonly']),
			),
		},
	},
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
	...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
	{
		// tests read loosely typed item JSON
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
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
