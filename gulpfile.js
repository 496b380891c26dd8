// Build helpers that are not TypeScript compilation: copying icons and codex files into
// dist, and running the schema generation (the same code `npm run generate` runs).
const { src, dest, series } = require('gulp');

function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
		ignore: ['nodes/**/generated/*.json'],
	}).pipe(dest('dist'));
}

async function generateFromSchemas() {
	// the generator is TypeScript (scripts/generate/), loaded through tsx like `npm run generate`
	const { require: tsxRequire } = require('tsx/cjs/api');
	const { generate } = tsxRequire('./scripts/generate/index.ts', __filename);
	await generate({ check: false });
}

exports['build:icons'] = copyIconsAndCodex;
exports.generate = generateFromSchemas;
exports.build = series(generateFromSchemas, copyIconsAndCodex);
