/**
 * The tools' one run-time `require`, for what an `import` cannot name: a module loaded late on
 * purpose (n8n-core only when a run needs it), a module of another install (an n8n in the
 * cache), one dependency as another package sees it, or a file found at run time. It goes
 * through this module's own `require`, so under jest it is jest's (same registry, TypeScript
 * transformed) and under tsx it is tsx's.
 */
import * as path from 'path';

/**
 * The module `specifier` names: an absolute path, or a package resolved as Node resolves it
 * from the folder `from` (default: this repository's, as a plain `require` in the tools would).
 */
export function requireFrom<T = any>(specifier: string, from?: string): T {
	const file =
		from === undefined || path.isAbsolute(specifier)
			? specifier
			: require.resolve(specifier, { paths: [from] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the one exemption, see above
	return require(file) as T;
}
