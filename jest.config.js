/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
	globalSetup: '<rootDir>/test/support/globalSetup.js',
	globalTeardown: '<rootDir>/test/support/globalTeardown.js',
	// End-to-end, benchmark and reliability runs have their own npm scripts.
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	// The tools import the node files as `X.node.js` (tsx would take n8n's codex file X.node.json
	// for `X.node`); jest resolves `X.node` to the TypeScript source.
	moduleNameMapper: { '^(\\.{1,2}/.*\\.node)\\.js$': '$1' },
	testTimeout: 30000,
};
