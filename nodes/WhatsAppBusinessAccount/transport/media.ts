// Media bytes to and from Meta: the download that follows a media's short-lived URL with the
// credential's token, and the multipart body of an upload. Errors carry the host and path of
// the URL at most, never its signed query, never the token.
import { randomBytes } from 'crypto';

import { jsonParse, NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IHttpRequestOptions, JsonObject } from 'n8n-workflow';

import {
	isLoopbackHost,
	META_MEDIA_HOSTS,
	originAndPath,
	secretTargetProblem,
} from '../../shared/transport/auth';
import { buildGraphApiError, extractGraphError } from '../../shared/transport/errors';
import { getGraphCredentials, nodeOf } from '../../shared/transport/graphApi';
import type { GraphRequestContext } from '../../shared/transport/graphApi';
import { GRAPH_RETRY_DEFAULTS } from '../../shared/transport/throttling';

export interface DownloadedMedia {
	data: Buffer;
	/** The Content-Type the media server sent, if any. */
	contentType?: string;
	/** The file name of a Content-Disposition header, if any. */
	fileName?: string;
}

export interface DownloadOptions {
	/** Refuse anything larger, before and while reading. */
	maxBytes: number;
	itemIndex?: number;
}

/** Redirects followed (each checked: https only, the token only within the first URL's origin). */
const MAX_REDIRECTS = 5;

/** Bytes of an error answer read to find Graph's error in it. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** `https://lookaside.fbsbx.com/whatsapp_business/attachments/` without the signed query. */
export function describeMediaUrl(url: string): string {
	return originAndPath(url) ?? 'the media URL';
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** `attachment; filename="a b.pdf"` or `filename*=UTF-8''a%20b.pdf` → `a b.pdf`. */
export function fileNameFromDisposition(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
	return plain ? plain[1].trim() : undefined;
}

/** Why a download limit cannot be used, or undefined: it must be a positive number of bytes. */
export function maxBytesProblem(maxBytes: unknown): string | undefined {
	return typeof maxBytes === 'number' && Number.isFinite(maxBytes) && maxBytes >= 1
		? undefined
		: `it must be a positive number, got ${String(maxBytes).slice(0, 40)}`;
}

type MediaBody =
	| Buffer
	| ArrayBuffer
	| string
	| AsyncIterable<unknown>
	| { destroy?: () => void }
	| null
	| undefined;

interface MediaAnswer {
	body: MediaBody;
	headers?: Record<string, unknown>;
	statusCode: number;
}

const isStream = (body: MediaBody): body is AsyncIterable<unknown> & { destroy?: () => void } =>
	body !== null && typeof body === 'object' && Symbol.asyncIterator in body;

/** Stops reading an answer (the connection is closed, nothing more is received). */
function discard(body: MediaBody): void {
	if (isStream(body)) body.destroy?.();
}

/**
 * Reads an answer's bytes, stopping as soon as they pass `limit`: then returns undefined and
 * closes the stream, so a server that sends more than it said costs at most `limit` bytes.
 */
async function readUpTo(body: MediaBody, limit: number): Promise<Buffer | undefined> {
	if (!isStream(body)) {
		const whole = Buffer.isBuffer(body)
			? body
			: body instanceof ArrayBuffer
				? Buffer.from(body)
				: Buffer.from(typeof body === 'string' ? body : '');
		return whole.length > limit ? undefined : whole;
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		size += bytes.length;
		if (size > limit) {
			discard(body);
			return undefined;
		}
		chunks.push(bytes);
	}
	return Buffer.concat(chunks);
}

/**
 * Downloads a media file from the URL Meta gave for it (valid for five minutes), sending the
 * credential's token as Meta requires, but only to Meta's media hosts (META_MEDIA_HOSTS: the
 * media host lookaside.fbsbx.com, in every URL Meta documents and sends, and the Graph host, the
 * Media Download API reference's base), or to the credential's own loopback test server. Redirects are followed here, not by n8n: never to plain http, and
 * without the token once they leave the first URL's origin. The body is read as a stream and
 * the download stops as soon as it passes `maxBytes`.
 */
export async function downloadGraphMedia(
	context: GraphRequestContext,
	url: string,
	options: DownloadOptions,
): Promise<DownloadedMedia> {
	const node = nodeOf(context);
	const { itemIndex, maxBytes } = options;
	const where = describeMediaUrl(url);
	const fail = (message: string, description: string, httpCode?: number) =>
		new NodeApiError(
			node,
			{ message, ...(httpCode ? { httpCode: String(httpCode) } : {}) } as JsonObject,
			{
				message,
				description,
				itemIndex,
			},
		);
	const badLimit = maxBytesProblem(maxBytes);
	if (badLimit)
		throw new NodeOperationError(node, `The download's size limit is refused: ${badLimit}`, {
			itemIndex,
			description: 'Set Max Size (MB) to a positive number.',
		});

	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw fail(
			"Meta's answer has no usable media URL",
			'Run the node again to get a fresh URL; if it persists, quote the media ID to Meta support.',
		);
	}
	const credentials = await getGraphCredentials(context, { itemIndex });
	const refused = secretTargetProblem(target.href, credentials.baseUrl, META_MEDIA_HOSTS);
	if (refused) {
		throw fail(
			`Refused to send the access token to ${where}`,
			`The media URL is not one of Meta's media hosts: ${refused}.`,
		);
	}

	const settings = GRAPH_RETRY_DEFAULTS;
	const token = String(credentials.accessToken ?? '');
	for (let attempt = 1; ; attempt++) {
		const response = await requestFollowingRedirects(
			context,
			target,
			token,
			settings.timeoutMs,
			fail,
		);
		if ('networkError' in response) {
			const code = response.networkError;
			if (attempt < settings.maxAttempts) {
				await settings.sleep(
					Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)),
				);
				continue;
			}
			throw fail(
				`Could not download the media from ${where}`,
				`${code ? `${code}. ` : ''}Tried ${attempt} time${attempt > 1 ? 's' : ''}. Check this machine's network access to Meta's media servers.`,
			);
		}
		const headers = response.headers ?? {};
		const status = response.statusCode;
		if (status >= 400) {
			if ((status === 429 || status >= 500) && attempt < settings.maxAttempts) {
				discard(response.body);
				await settings.sleep(
					Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)),
				);
				continue;
			}
			const text = (await readUpTo(response.body, ERROR_BODY_LIMIT))?.toString('utf8');
			let parsed: unknown;
			try {
				parsed = text === undefined ? undefined : jsonParse(text);
			} catch {
				parsed = undefined;
			}
			if (extractGraphError(parsed))
				throw buildGraphApiError(node, {
					httpStatus: status,
					body: parsed,
					attempts: attempt,
					itemIndex,
				});
			throw fail(
				`Meta's media server answered HTTP ${status} for ${where}`,
				status === 401 || status === 403 || status === 404
					? 'The URL lasts five minutes and works only with the token that asked for it; the node fetched a fresh one, so the media may have been deleted (Meta keeps received media for 30 days) or the token lacks whatsapp_business_messaging.'
					: 'Run the node again in a moment.',
				status,
			);
		}
		const tooLarge = (size: string) =>
			fail(
				`The media is larger than the limit of ${maxBytes} bytes`,
				`${size} Raise the node's Max Size option to download it.`,
			);
		const declared = Number(header(headers, 'content-length'));
		if (Number.isFinite(declared) && declared > maxBytes) {
			discard(response.body);
			throw tooLarge(`The server announced ${declared} bytes; nothing was read.`);
		}
		const data = await readUpTo(response.body, maxBytes);
		if (!data) throw tooLarge(`The download was stopped once it passed ${maxBytes} bytes.`);
		return {
			data,
			contentType: header(headers, 'content-type')?.split(';')[0].trim() || undefined,
			fileName: fileNameFromDisposition(header(headers, 'content-disposition')),
		};
	}
}

/**
 * GETs the media URL as a stream, following up to MAX_REDIRECTS redirects itself: each must be
 * https (or loopback), and the token is sent only while the URL stays on the first origin.
 */
async function requestFollowingRedirects(
	context: GraphRequestContext,
	first: URL,
	token: string,
	timeoutMs: number,
	fail: (message: string, description: string) => NodeApiError,
): Promise<MediaAnswer | { networkError: string | undefined }> {
	let current = first;
	for (let hop = 0; ; hop++) {
		const sameOrigin = current.origin === first.origin;
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: current.toString(),
			headers: sameOrigin ? { Authorization: `Bearer ${token}` } : {},
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: timeoutMs,
		};
		let response: MediaAnswer;
		try {
			response = (await context.helpers.httpRequest(request)) as MediaAnswer;
		} catch (error) {
			// The raw error holds the request, and with it the token and the signed URL: only its code goes on.
			const code = (error as { code?: unknown })?.code;
			return { networkError: typeof code === 'string' ? code : undefined };
		}
		const location = header(response.headers ?? {}, 'location');
		if (response.statusCode < 300 || response.statusCode >= 400 || !location) return response;
		discard(response.body);
		let next: URL;
		try {
			next = new URL(location, current);
		} catch {
			throw fail(
				`Meta's media server redirected ${describeMediaUrl(first.toString())} to an unreadable location`,
				'Run the node again to get a fresh URL.',
			);
		}
		const insecure =
			next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.hostname));
		if (insecure) {
			throw fail(
				`Refused to follow a redirect to ${describeMediaUrl(next.toString())}`,
				'The media server redirected to a URL that is not https; nothing was sent there.',
			);
		}
		if (hop + 1 > MAX_REDIRECTS)
			throw fail(
				`Too many redirects downloading ${describeMediaUrl(first.toString())}`,
				`More than ${MAX_REDIRECTS}; run the node again.`,
			);
		current = next;
	}
}

export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

/** A multipart/form-data body: text fields first, then the file. */
export function buildMultipartBody(
	fields: Record<string, string>,
	file: MultipartFile,
): { contentType: string; data: Buffer } {
	const boundary = `----n8nWaba${randomBytes(12).toString('hex')}`;
	const quote = (value: string) =>
		value.replace(/["\r\n\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ' '));
	// a header value with a line break would end the part's headers early and start others
	const headerValue = (value: string) => value.replace(/[\r\n]+/g, ' ');
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
				'utf8',
			),
		);
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${headerValue(file.contentType)}\r\n\r\n`,
			'utf8',
		),
	);
	parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
	return { contentType: `multipart/form-data; boundary=${boundary}`, data: Buffer.concat(parts) };
}
