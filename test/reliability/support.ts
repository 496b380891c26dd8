import { inspect } from 'util';

import { jsonStringify, LoggerProxy } from 'n8n-workflow';

/**
 * What of an error gets out of the process: its message, description and stack, its JSON
 * (n8n stores errors with jsonStringify), and what a log line that inspects it shows.
 * (The raw axios error kept in memory as `cause` holds the request's Authorization header;
 * n8n's serialisation drops it, and so must every way out.)
 */
export function exposedText(value: unknown): string {
	if (value === undefined || value === null) return '';
	const parts: string[] = [];
	const attempt = (f: () => string) => {
		try {
			parts.push(f());
		} catch (error) {
			parts.push(String(error));
		}
	};
	const e = value as { message?: string; description?: string; stack?: string };
	parts.push(String(e.message ?? ''), String(e.description ?? ''), String(e.stack ?? ''));
	attempt(() => JSON.stringify(value) ?? '');
	attempt(() => jsonStringify(value as object));
	attempt(() => inspect(value));
	return parts.join('\n');
}

/** Everything an error carries (message, description, context, response, cause, stack), as text. */
export function allText(value: unknown): string {
	const seen = new WeakSet<object>();
	const parts: string[] = [];
	const walk = (v: unknown, depth: number) => {
		if (depth > 12 || v === null || v === undefined) return;
		if (typeof v === 'string') return void parts.push(v);
		if (typeof v !== 'object') return void parts.push(String(v));
		if (seen.has(v)) return;
		seen.add(v);
		if (v instanceof Error) parts.push(v.message, v.stack ?? '');
		for (const key of Object.getOwnPropertyNames(v)) {
			let child: unknown;
			try {
				child = (v as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			walk(child, depth + 1);
		}
	};
	walk(value, 0);
	return parts.join('\n');
}

/** Captures console output and n8n's logger (LoggerProxy) until restored. */
export function captureLogs() {
	const lines: string[] = [];
	const record = (...args: unknown[]) =>
		lines.push(args.map((a) => (typeof a === 'string' ? a : allText(a))).join(' '));
	const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const saved = methods.map((m) => console[m]);
	for (const m of methods) console[m] = record;
	const logger = { error: record, warn: record, info: record, debug: record };
	LoggerProxy.init(logger as never);
	return {
		text: () => lines.join('\n'),
		restore: () => methods.forEach((m, i) => (console[m] = saved[i])),
	};
}
