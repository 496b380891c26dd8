import { randomBytes } from 'crypto';

/**
 * JSON parsing that keeps the digits of integers a JavaScript number cannot hold.
 *
 * Meta sends some ids as JSON numbers (message_template_id, ...), and 64-bit ids go past
 * 2^53: `JSON.parse` rounds them silently, so an item would carry another id than Meta sent
 * and share its de-duplication key with another change. Here every integer literal beyond
 * ±(2^53 − 1) is found in the text itself and kept as a string of its exact digits.
 *
 * Byte level, the same on every Node version n8n runs on: Node 24's `JSON.parse` reviver
 * gets each number's source text, but Node 20 (n8n-workflow supports ≥ 20.19) does not, and a
 * reviver runs a function for every value of the delivery (measured: 10 to 20 times the cost
 * of the parse on a 1 MB batch). The common case costs one walk over the parsed values: a
 * literal beyond 2^53 parses to a number of at least 2^53 in magnitude, so a tree without one
 * has no such literal and is kept as parsed. Only a tree with one has its text scanned.
 * (The walk replaced a regular-expression scan of the text: callgrind, 1 MB batch, 1.9 M
 * instructions against 10.9 M, since the scan reads every character of every string.)
 */

/** Where a big integer literal can start: 16 digits or more in a value position. */
const CANDIDATE = /[:,[][ \t\r\n]*-?\d{16}/;
/** In valid JSON text, the tokens that can hold digits: strings (skipped whole) and numbers. */
const TOKENS = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
const PLAIN_INTEGER = /^-?(?:0|[1-9]\d*)$/;
/**
 * Only numbers with 16 digits or more before any fraction or exponent are looked at (the
 * candidate scan finds exactly those): `1e+21` is the number JSON.stringify writes for 10^21
 * and stays a number; `12345678901234567890.0` cannot be an exact id and is reported.
 */
const SIXTEEN_DIGITS = /^-?\d{16}/;

/** Marks a rewritten literal; random per process so that no delivery can forge one. */
const MARK = `\u0000${randomBytes(8).toString('hex')}`;
const MARK_EXACT = MARK + ':';
const MARK_INEXACT = MARK + '~';

/** A number kept as its digits: written into `holder[key]` once validation has seen the number. */
export interface KeptInteger {
	holder: Record<string, unknown> | unknown[];
	key: string | number;
	digits: string;
	/** JSON pointer from the root (built when read). */
	readonly pointer: string;
}

/** A number beyond 2^53 with 16 digits or more before a fraction or exponent: its digits are lost. */
export interface InexactNumber {
	/** JSON pointer from the root; deeper than POINTER_LEVELS_SHOWN levels, the first ones and `/…`. */
	pointer: string;
	literal: string;
}

export interface ExactParse {
	/** The parsed value; big integers are still numbers here, as JSON has them, for validation. */
	body: unknown;
	kept: KeptInteger[];
	inexact: InexactNumber[];
}

/**
 * Parses JSON text (throws JSON.parse's SyntaxError when it is not JSON) and finds the
 * integer literals beyond 2^53. Call `keepDigits` after validation to put their digits in.
 */
export function parseExactly(text: string): ExactParse {
	const body: unknown = JSON.parse(text);
	if (!hasNumberBeyondSafe(body) || !CANDIDATE.test(text)) return { body, kept: [], inexact: [] };

	// The text is valid JSON: every number token is a value, so quoting one keeps it valid.
	let marked = 0;
	const rewritten = text.replace(TOKENS, (token) => {
		if (token.charCodeAt(0) === 0x22 || !SIXTEEN_DIGITS.test(token)) return token;
		const value = Number(token);
		if (Number.isSafeInteger(value) || !Number.isInteger(value)) return token;
		marked++;
		const mark = PLAIN_INTEGER.test(token) ? MARK_EXACT : MARK_INEXACT;
		return `"\\u0000${mark.slice(1)}${token}"`;
	});
	if (marked === 0) return { body, kept: [], inexact: [] };
	return findMarks(JSON.parse(rewritten), marked);
}

/** 2^53: every integer literal rewritten below parses to a number at least this far from 0. */
const UNSAFE = 2 ** 53;

const isUnsafeNumber = (value: unknown) =>
	typeof value === 'number' && !(value < UNSAFE && value > -UNSAFE);

/** Whether any number of the parsed tree is 2^53 or more in magnitude (without recursion: deliveries can nest deeply). */
function hasNumberBeyondSafe(root: unknown): boolean {
	if (root === null || typeof root !== 'object') return isUnsafeNumber(root);
	const stack: object[] = [root];
	while (stack.length) {
		const node = stack.pop() as Record<string, unknown> | unknown[];
		const values = Array.isArray(node) ? node : Object.values(node);
		for (let i = 0; i < values.length; i++) {
			const value = values[i];
			if (value !== null && typeof value === 'object') stack.push(value);
			else if (isUnsafeNumber(value)) return true;
		}
	}
	return false;
}

/**
 * Levels of a pointer an inexact-number issue names; deeper ones end in `/…`. Meta's payloads
 * nest about ten levels; the bound keeps a hostile body of deep nesting and many such numbers
 * linear (each issue's path would otherwise be as long as the nesting is deep).
 */
export const POINTER_LEVELS_SHOWN = 64;

/**
 * A container on the walk, with how it was reached. Its `head` (its pointer, or its ancestor's
 * at POINTER_LEVELS_SHOWN) is built from its parent's in one step, and a full pointer only when
 * asked for: the walk costs the same for any depth and any number of marks.
 */
interface Frame {
	node: Record<string, unknown> | unknown[];
	parent: Frame | null;
	key: string | number;
	depth: number;
	head: string;
}

// (self-contained: test/trigger/exactIds.test.ts compiles this file alone for an older Node)
const segment = (key: string | number) =>
	`/${typeof key === 'number' ? key : key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

function childFrame(parent: Frame, key: string | number, node: Frame['node']): Frame {
	const depth = parent.depth + 1;
	return {
		node,
		parent,
		key,
		depth,
		head: depth <= POINTER_LEVELS_SHOWN ? parent.head + segment(key) : parent.head,
	};
}

/** The value's pointer up to POINTER_LEVELS_SHOWN levels, `/…` standing for the rest. */
function shownPointer(frame: Frame, key: string | number): string {
	return frame.depth < POINTER_LEVELS_SHOWN ? frame.head + segment(key) : `${frame.head}/…`;
}

/** The value's whole pointer (walks up the frames: built only when read). */
function pointerOf(frame: Frame, key: string | number): string {
	const segments: string[] = [segment(key)];
	for (let f: Frame | null = frame; f && f.parent; f = f.parent) segments.push(segment(f.key));
	return segments.reverse().join('');
}

/** Walks the tree (without recursion: deliveries can nest deeply) and turns marks back into numbers. */
function findMarks(root: unknown, marked: number): ExactParse {
	const kept: KeptInteger[] = [];
	const inexact: InexactNumber[] = [];
	const stack: Frame[] =
		root !== null && typeof root === 'object'
			? [{ node: root as Frame['node'], parent: null, key: '', depth: 0, head: '' }]
			: [];
	let found = 0;
	const visit = (frame: Frame, key: string | number, value: unknown) => {
		if (typeof value === 'string') {
			if (value.charCodeAt(0) !== 0 || !value.startsWith(MARK)) return;
			const literal = value.slice(MARK_EXACT.length);
			(frame.node as Record<string | number, unknown>)[key] = Number(literal);
			found++;
			if (value.startsWith(MARK_EXACT)) {
				kept.push(
					Object.defineProperty(
						{ holder: frame.node, key, digits: literal } as KeptInteger,
						'pointer',
						{
							get: () => pointerOf(frame, key),
							enumerable: true,
						},
					),
				);
			} else inexact.push({ pointer: shownPointer(frame, key), literal });
		} else if (value !== null && typeof value === 'object') {
			stack.push(childFrame(frame, key, value as Frame['node']));
		}
	};
	while (stack.length && found < marked) {
		const frame = stack.pop()!;
		const { node } = frame;
		if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(frame, i, node[i]);
		else for (const key of Object.keys(node)) visit(frame, key, node[key]);
	}
	return { body: root, kept, inexact };
}

/** Replaces each kept integer's number by its exact digits (after validation has judged the number). */
export function keepDigits(parse: ExactParse): void {
	for (const { holder, key, digits } of parse.kept)
		(holder as Record<string | number, unknown>)[key] = digits;
}
