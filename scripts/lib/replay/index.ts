/**
 * The replay harness as a library, for the end-to-end test and others:
 * `import { … } from '../lib/replay'` (run with tsx).
 */
export * from './expectations';
export * from './inputs';
export * from './run';
export * from './targets';
export * from './recorder';
export {
	main,
	parseArgs,
	parametersChangeItems,
	DEFAULT_SECRET,
	DEFAULT_VERIFY_TOKEN,
	USAGE,
} from './cli';
