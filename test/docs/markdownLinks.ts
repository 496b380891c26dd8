/**
 * Relative links and anchors of Markdown files, checked the way GitHub (and npm's package page)
 * resolve them: a link's file must exist, and an `#anchor` must be the slug of a heading in the
 * file it points to.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface BrokenLink {
	file: string;
	line: number;
	target: string;
	reason: string;
}

/** Lines outside fenced code blocks: as written (raw), with inline code spans blanked (text), and their numbers. */
function proseLines(markdown: string): Array<{ raw: string; text: string; line: number }> {
	const out: Array<{ raw: string; text: string; line: number }> = [];
	let fence: string | null = null;
	markdown.split('\n').forEach((raw, i) => {
		const opening = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
		if (fence !== null) {
			if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = null;
			return;
		}
		if (opening) {
			fence = opening[1];
			return;
		}
		out.push({
			raw,
			text: raw.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length)),
			line: i + 1,
		});
	});
	return out;
}

/** The text GitHub renders for a heading's Markdown: links and images by their text, no tags. */
function headingText(markdown: string): string {
	return markdown
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.trim();
}

/**
 * GitHub's heading slug: lower case, every character that is not a letter, mark, digit,
 * connector (`_`), hyphen or space removed, each space a hyphen.
 */
export function slugOf(heading: string): string {
	return headingText(heading)
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a Markdown text offers: heading slugs (repeats get -1, -2, ...) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const { raw } of proseLines(markdown)) {
		for (const m of raw.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
		const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(raw);
		if (!heading) continue;
		const base = slugOf(heading[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

/** The link targets of a Markdown text: inline links and images, and reference definitions. */
export function linksOf(markdown: string): Array<{ target: string; line: number }> {
	const links: Array<{ target: string; line: number }> = [];
	for (const { text, line } of proseLines(markdown)) {
		for (const m of text.matchAll(
			/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g,
		))
			links.push({ target: m[1], line });
		const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(text);
		if (definition) links.push({ target: definition[1], line });
	}
	return links;
}

const isExternal = (target: string) =>
	/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** The broken relative links and anchors of one Markdown file. */
export function brokenLinksOf(
	file: string,
	readText: (file: string) => string = (f) => fs.readFileSync(f, 'utf8'),
): BrokenLink[] {
	const broken: BrokenLink[] = [];
	const anchorsByFile = new Map<string, Set<string>>();
	const anchorsIn = (target: string) => {
		if (!anchorsByFile.has(target)) anchorsByFile.set(target, anchorsOf(readText(target)));
		return anchorsByFile.get(target)!;
	};
	for (const { target, line } of linksOf(readText(file))) {
		if (target === '' || isExternal(target)) continue;
		const hash = target.indexOf('#');
		const filePart = decodeURI(hash < 0 ? target : target.slice(0, hash));
		const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
		const resolved = filePart === '' ? file : path.resolve(path.dirname(file), filePart);
		if (!fs.existsSync(resolved)) {
			broken.push({ file, line, target, reason: `no such file: ${filePart}` });
			continue;
		}
		if (anchor === null || !resolved.endsWith('.md')) continue;
		if (!anchorsIn(resolved).has(anchor))
			broken.push({
				file,
				line,
				target,
				reason: `no heading with the anchor #${anchor} in ${path.basename(resolved)}`,
			});
	}
	return broken;
}

/** The Markdown files under a folder, recursively (Node's own recursive listing, no walker). */
export function markdownFilesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return (fs.readdirSync(dir, { recursive: true }) as string[])
		.filter((name) => name.endsWith('.md'))
		.map((name) => path.join(dir, name))
		.sort();
}
