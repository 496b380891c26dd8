// nock 15 is an ES module, which Jest's CommonJS module registry cannot load without a
// transform (and Jest's own `require` and `createRequire` route through that registry).
// Load it with Node's native loader instead (Node 22.12+ can require ES modules): nock then
// patches Node's real http/https modules, which Jest shares with the code under test.
import type nockType from 'nock';

type NodeModuleApi = { createRequire(filename: string): (id: string) => unknown };
const builtinModule = (
	process as unknown as { getBuiltinModule(id: string): NodeModuleApi }
).getBuiltinModule('node:module');
const loaded = builtinModule.createRequire(__filename)('nock') as {
	default?: typeof nockType;
} & typeof nockType;

const nock: typeof nockType = loaded.default ?? loaded;
export default nock;
