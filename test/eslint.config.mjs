// The tests run under jest, like the tooling: the same rules (see scripts/eslint.config.mjs).
export { default } from '../scripts/eslint.config.mjs';
