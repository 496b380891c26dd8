/**
 * The repository root, the one place the tooling and the tests find it. Found by walking up
 * from this file to this package's package.json, so it is the same whether the code runs
 * from scripts/ (tsx, jest) or from a compiled copy under dist/scripts/, and whatever the
 * working directory is.
 */
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'n8n-nodes-whatsapp-business-account';

function findRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest)) {
			const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
			if (name === PACKAGE_NAME) return dir;
		}
		if (path.dirname(dir) === dir)
			throw new Error(`cannot find the ${PACKAGE_NAME} repository above ${from}`);
	}
}

/** Absolute path of the repository root. */
export const REPO_ROOT = findRoot(__dirname);

/** An absolute path inside the repository: `fromRoot('fixtures', 'webhooks')`. */
export function fromRoot(...segments: string[]): string {
	return path.join(REPO_ROOT, ...segments);
}
