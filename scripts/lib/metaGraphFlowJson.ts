/**
 * The Graph stand-in's check of a Flow JSON (metaGraphFlows.ts), a small part of what Meta
 * checks, answered the way Meta answers it: `validation_errors`, each with Meta's code
 * (`error`), `error_type`, a message, 1-based `line_start`/`column_start` (and ends) of the
 * offending text and `pointers` with its path (`screens[0].layout`).
 * Checked: the text parses as JSON (a parse error points at where parsing stopped), the root is
 * an object with a string `version` and a non-empty `screens` array, and each screen is an
 * object with a string `id` and an object `layout`.
 */

export interface FlowValidationError {
	error: string;
	error_type: string;
	message: string;
	line_start: number;
	line_end: number;
	column_start: number;
	column_end: number;
	pointers: Array<{
		line_start: number;
		line_end: number;
		column_start: number;
		column_end: number;
		path: string;
	}>;
}

/** Where a value sits in the text: offsets of its first character and just past its last. */
interface Span {
	start: number;
	end: number;
}

/** A line and column (1-based) of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

function problem(
	text: string,
	span: Span,
	path: string,
	error: string,
	message: string,
): FlowValidationError {
	const from = lineColumn(text, span.start);
	const to = lineColumn(text, Math.max(span.start, span.end));
	const where = {
		line_start: from.line,
		line_end: to.line,
		column_start: from.column,
		column_end: to.column,
	};
	return {
		error,
		// the one error_type Meta's examples show
		error_type: 'FLOW_JSON_ERROR',
		message,
		...where,
		pointers: [{ ...where, path }],
	};
}

/**
 * The spans of every value of a text that JSON.parse accepted, by path (`screens[0].id`;
 * the root is ''). A scanner, not a parser: the text is known to be valid JSON.
 */
function valueSpans(text: string): Map<string, Span> {
	const spans = new Map<string, Span>();
	let at = 0;
	const skipSpace = () => {
		while (at < text.length && /\s/.test(text[at])) at++;
	};
	const readString = () => {
		const start = at++;
		while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
		at++;
		return JSON.parse(text.slice(start, at)) as string;
	};
	const value = (path: string) => {
		skipSpace();
		const start = at;
		const join = (key: string) => (path ? `${path}.${key}` : key);
		if (text[at] === '{') {
			at++;
			skipSpace();
			while (text[at] !== '}') {
				const key = readString();
				skipSpace();
				at++; // the colon
				value(join(key));
				skipSpace();
				if (text[at] === ',') at++;
				skipSpace();
			}
			at++;
		} else if (text[at] === '[') {
			at++;
			skipSpace();
			for (let index = 0; text[at] !== ']'; index++) {
				value(`${path}[${index}]`);
				skipSpace();
				if (text[at] === ',') at++;
				skipSpace();
			}
			at++;
		} else if (text[at] === '"') readString();
		else while (at < text.length && /[^\s,\]}]/.test(text[at])) at++;
		spans.set(path, { start, end: at });
	};
	value('');
	return spans;
}

/** Where JSON.parse stopped: V8 names a position, or the text ended early. */
function parseFailure(text: string, error: Error): FlowValidationError {
	const position = /position (\d+)/.exec(error.message);
	const offset = position ? Number(position[1]) : text.length;
	const reason = error.message.replace(/\s*\(line \d+ column \d+\)/, '');
	return problem(
		text,
		{ start: offset, end: offset + 1 },
		'',
		'INVALID_JSON',
		`Invalid JSON: ${reason}`,
	);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Meta's validation errors for a Flow JSON; none when it passes. */
export function validateFlowJson(text: string): FlowValidationError[] {
	let root: unknown;
	try {
		root = JSON.parse(text);
	} catch (error) {
		return [parseFailure(text, error as Error)];
	}
	const spans = valueSpans(text);
	const at = (path: string) => spans.get(path) ?? spans.get('')!;
	const errors: FlowValidationError[] = [];
	const missing = (path: string, key: string) =>
		errors.push(
			problem(
				text,
				at(path),
				path,
				'MISSING_REQUIRED_PROPERTY',
				`Missing required property '${key}'.`,
			),
		);
	const invalid = (path: string, key: string) =>
		errors.push(
			problem(
				text,
				at(path),
				path,
				'INVALID_PROPERTY_VALUE',
				`Invalid value found for property '${key}'.`,
			),
		);
	if (!isObject(root)) {
		invalid('', 'root');
		return errors;
	}
	if (!('version' in root)) missing('', 'version');
	else if (typeof root.version !== 'string') invalid('version', 'version');
	if (!('screens' in root)) missing('', 'screens');
	else if (!Array.isArray(root.screens) || !root.screens.length) invalid('screens', 'screens');
	else
		root.screens.forEach((screen: unknown, index) => {
			const path = `screens[${index}]`;
			if (!isObject(screen)) invalid(path, 'screens');
			else {
				if (!('id' in screen)) missing(path, 'id');
				else if (typeof screen.id !== 'string') invalid(`${path}.id`, 'id');
				if (!('layout' in screen)) missing(path, 'layout');
				else if (!isObject(screen.layout)) invalid(`${path}.layout`, 'layout');
			}
		});
	return errors;
}

/** A Flow JSON that passes the check: one terminal screen (tests and the e2e run upload it). */
export const SAMPLE_FLOW_JSON = JSON.stringify(
	{
		version: '7.0',
		screens: [
			{
				id: 'BOOK',
				title: 'Book',
				terminal: true,
				layout: { type: 'SingleColumnLayout', children: [] },
			},
		],
	},
	null,
	2,
);
