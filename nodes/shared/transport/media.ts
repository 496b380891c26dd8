// Media bytes to and from Meta: the download that follows a media's short-lived URL with the
// credential's token, and the multipart body of an upload. Errors carry the host and path of
// the URL at most, never its signed query, never the token.
import { randomBytes } from 'crypto';

import { jsonParse, NodeApiError } from 'n8n-workflow';
import type { IHttpRequestOptions, JsonObject } from 'n8n-workflow';

import { normalizeGraphBase } from './auth';
import { buildGraphApiError, extractGraphError } from './errors';
import { getGraphCredentials, nodeOf } from './graphApi';
import type { GraphRequestContext } from './graphApi';
import { getGraphRetrySettings } from './throttling';

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

/** `https://lookaside.fbsbx.com/whatsapp_business/attachments/` without the signed query. */
export function describeMediaUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'the media URL';
	}
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

/**
 * Downloads a media file from the URL Meta gave for it (valid for five minutes), sending the
 * credential's token as Meta requires. The token goes only over HTTPS, or to the credential's
 * own Graph base URL (a local test server).
 */
export async function downloadGraphMedia(
	context: GraphRequestContext,
	url: string,
	options: DownloadOptions,
): Promise<DownloadedMedia> {
	const node = nodeOf(context);
	const { itemIndex } = options;
	const where = describeMediaUrl(url);
	const fail = (message: string, description: string, httpCode?: number) =>
		new NodeApiError(node, { message, ...(httpCode ? { httpCode: String(httpCode) } : {}) } as JsonObject, {
			message,
			description,
			itemIndex,
		});

	const credentials = await getGraphCredentials(context, { itemIndex });
	const { baseUrl } = normalizeGraphBase(credentials.baseUrl, credentials.apiVersion);
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw fail('Meta\'s answer has no usable media URL', 'Run the node again to get a fresh URL; if it persists, quote the media ID to Meta support.');
	}
	const sameOrigin = target.origin === new URL(baseUrl).origin;
	if (target.protocol !== 'https:' && !sameOrigin) {
		throw fail(
			`Refused to send the access token to ${where}`,
			'The media URL is not HTTPS; the token is only sent over HTTPS or to the credential\'s own Graph Base URL.',
		);
	}

	const settings = getGraphRetrySettings();
	const token = String(credentials.accessToken ?? '');
	for (let attempt = 1; ; attempt++) {
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: target.toString(),
			headers: { Authorization: `Bearer ${token}` },
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
		};
		let response: { body: unknown; headers?: Record<string, unknown>; statusCode: number };
		try {
			response = (await context.helpers.httpRequest(request)) as typeof response;
		} catch (error) {
			// The raw error holds the request, and with it the token and the signed URL: only its code goes on.
			const code = (error as { code?: unknown })?.code;
			if (attempt < settings.maxAttempts) {
				await settings.sleep(Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)));
				continue;
			}
			throw fail(
				`Could not download the media from ${where}`,
				`${typeof code === 'string' ? `${code}. ` : ''}Tried ${attempt} time${attempt > 1 ? 's' : ''}. Check this machine's network access to Meta's media servers.`,
			);
		}
		const headers = response.headers ?? {};
		const body = Buffer.isBuffer(response.body)
			? response.body
			: response.body instanceof ArrayBuffer
				? Buffer.from(response.body)
				: Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''));
		const status = response.statusCode;
		if (status >= 400) {
			if ((status === 429 || status >= 500) && attempt < settings.maxAttempts) {
				await settings.sleep(Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)));
				continue;
			}
			let parsed: unknown;
			try {
				parsed = jsonParse(body.toString('utf8'));
			} catch {
				parsed = undefined;
			}
			if (extractGraphError(parsed)) throw buildGraphApiError(node, { httpStatus: status, body: parsed, attempts: attempt, itemIndex });
			throw fail(
				`Meta's media server answered HTTP ${status} for ${where}`,
				status === 401 || status === 403 || status === 404
					? 'The URL lasts five minutes and works only with the token that asked for it; the node fetched a fresh one, so the media may have been deleted (Meta keeps received media for 30 days) or the token lacks whatsapp_business_messaging.'
					: 'Run the node again in a moment.',
				status,
			);
		}
		const declared = Number(header(headers, 'content-length'));
		if ((Number.isFinite(declared) && declared > options.maxBytes) || body.length > options.maxBytes) {
			throw fail(
				`The media is larger than the limit of ${options.maxBytes} bytes`,
				`Its size is ${Math.max(body.length, Number.isFinite(declared) ? declared : 0)} bytes. Raise the node's Max Size option to download it.`,
			);
		}
		return {
			data: body,
			contentType: header(headers, 'content-type')?.split(';')[0].trim() || undefined,
			fileName: fileNameFromDisposition(header(headers, 'content-disposition')),
		};
	}
}

export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

/** A multipart/form-data body: text fields first, then the file. */
export function buildMultipartBody(fields: Record<string, string>, file: MultipartFile): { contentType: string; data: Buffer } {
	const boundary = `----n8nWaba${randomBytes(12).toString('hex')}`;
	const quote = (value: string) => value.replace(/["\r\n\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ' '));
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`, 'utf8'));
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
			'utf8',
		),
	);
	parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
	return { contentType: `multipart/form-data; boundary=${boundary}`, data: Buffer.concat(parts) };
}
