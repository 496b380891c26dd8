import type { MetaGraphStub } from '../../scripts/lib/metaGraphStub';

export interface CallOptions {
	token?: string;
	/** The Authorization scheme (the Resumable Upload API documents `OAuth`). */
	scheme?: 'Bearer' | 'OAuth';
	json?: unknown;
	form?: Record<string, string>;
	bytes?: Buffer;
	headers?: Record<string, string>;
}

/** One call to the stand-in over loopback HTTP; `path` is after the version unless it is a URL. */
export async function call(
	stub: MetaGraphStub,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<{ status: number; body: Record<string, any>; type: string | null; bytes: Buffer }> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `${options.scheme ?? 'Bearer'} ${options.token}`;
	let body: string | Buffer | undefined;
	if (options.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(options.form).toString();
	} else if (options.bytes) {
		headers['content-type'] ??= 'application/octet-stream';
		body = options.bytes;
	}
	const url = path.startsWith('http') ? path : `${stub.url}/v23.0${path}`;
	const res = await fetch(url, { method, headers, body });
	const bytes = Buffer.from(await res.arrayBuffer());
	const type = res.headers.get('content-type');
	const parsed = (type ?? '').includes('json')
		? (JSON.parse(bytes.toString('utf8')) as object)
		: {};
	return { status: res.status, body: parsed as Record<string, any>, type, bytes };
}

/** A multipart/form-data body with text fields and one file. */
export function multipart(
	fields: Record<string, string>,
	file: { name: string; type: string; data: Buffer },
): { bytes: Buffer; contentType: string } {
	const boundary = `----stub${Date.now()}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields))
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
			),
		);
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
		),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return { bytes: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
