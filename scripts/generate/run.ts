/**
 * `npm run generate`: writes the files generated from schemas/.
 * `npm run generate:check`: exits 1 when one of them is not current.
 */
import { generate } from './index';

const check = process.argv.includes('--check');
generate({ check }).then(
	(changed) => {
		if (check && changed.length) {
			console.error(
				`Generated files are not current (run npm run generate):\n  ${changed.join('\n  ')}`,
			);
			process.exit(1);
		}
		console.log(
			changed.length
				? `${check ? 'stale' : 'wrote'}: ${changed.join(', ')}`
				: 'generated files are current',
		);
	},
	(error: Error) => {
		console.error(`generate: ${error.message}`);
		process.exit(1);
	},
);
