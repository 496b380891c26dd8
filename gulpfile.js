// Build helpers that are not TypeScript compilation: copying icons and codex files into
// dist, and running the schema generation (the same code `npm run generate` runs).
const { src, dest, series } = require('gulp');
const { generate } = require('./scripts/generate.js');

function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
		ignore: ['nodes/**/generated/*.json'],
	}).pipe(dest('dist'));
}

async function generateFromSchemas() {
	await generate({ check: false });
}

exports['build:icons'] = copyIconsAndCodex;
exports.generate = generateFromSchemas;
exports.build = series(generateFromSchemas, copyIconsAndCodex);
