/**
 * Media in the Graph stand-in (scripts/lib/metaGraphStub.ts), as Meta's Media API and the
 * Resumable Upload API answer:
 * - POST /{phone-number-id}/media: a multipart upload (messaging_product, type, file) → `{id}`;
 * - GET /{media-id} → `{messaging_product, url, mime_type, sha256, file_size, id}`; the url is a
 *   signed address on Meta's media host (`/whatsapp_business/attachments/?mid&ext&hash`) that
 *   expires after 5 minutes; `phone_number_id`, when given, must be the media's number;
 * - GET on that url with the token → the bytes, with the media's MIME type (`graph.downloads`);
 * - DELETE /{media-id} → `{success: true}`, after which the ID is unknown;
 * - POST /{app-id}/uploads (file_name, file_length, file_type) → `{id: "upload:<session>?sig=<sig>"}`;
 *   POST /upload:<session>?sig=… with `Authorization: OAuth <token>` and a `file_offset` header
 *   → `{h}` (the file handle) once every byte is in; GET /upload:<session> → `{id, file_offset}`.
 * The media live in `graph.messaging.media`, where sends look their IDs up.
 *
 *   const media = graph.media.addMedia(phoneNumberId, { bytes, mimeType: 'image/jpeg' }); // a customer's photo
 *   graph.media.uploaded; graph.media.sessions; graph.downloads;   // to assert on
 */
import { createHash, createHmac, randomBytes } from 'crypto';

import type { MetaGraphMessaging } from './metaGraphMessaging';
import {
	GraphStubError,
	unknownObject,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
	type StubMedia,
	type TokenInfo,
} from './metaGraphState';

/** The path of Meta's media host (lookaside.fbsbx.com), outside Graph's versioned paths. */
export const LOOKASIDE_PATH = '/whatsapp_business/attachments/';
/** How long a media URL may be used (Meta: 5 minutes). */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;
/** The file types the Resumable Upload API takes. */
const UPLOAD_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];

export interface UploadSession {
	/** `upload:<session>`, the path the bytes go to. */
	id: string;
	sig: string;
	appId: string;
	fileName: string;
	fileLength: number;
	fileType: string;
	received: Buffer;
	/** The file handle, once every byte is in. */
	handle?: string;
}

export interface MultipartPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

/** The parts of a multipart/form-data body, bytes intact. */
export function multipartParts(body: Buffer, contentType: string | undefined): MultipartPart[] {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(contentType ?? '');
	if (!boundary) return [];
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const parts: MultipartPart[] = [];
	let at = body.indexOf(delimiter);
	while (at >= 0) {
		const start = at + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		const next = body.indexOf(delimiter, start);
		if (next < 0) break;
		// each part: CRLF, headers, CRLF CRLF, data, CRLF before the next delimiter
		const part = body.subarray(start + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		const headers = part.subarray(0, split).toString('utf8');
		const disposition =
			/content-disposition:[^\r\n]*?name="([^"]*)"(?:; filename="([^"]*)")?/i.exec(headers);
		const type = /content-type:\s*([^\r\n]+)/i.exec(headers);
		if (disposition)
			parts.push({
				name: disposition[1],
				...(disposition[2] !== undefined ? { fileName: disposition[2] } : {}),
				...(type ? { contentType: type[1].trim() } : {}),
				data: part.subarray(split + 4),
			});
		at = next;
	}
	return parts;
}

export class MetaGraphMedia {
	readonly sessions = new Map<string, UploadSession>();
	/** Every upload to POST /{phone-number-id}/media, kept after a delete. */
	readonly uploaded: StubMedia[] = [];
	/** The clock, replaceable so tests can step past a URL's 5 minutes. */
	now: () => number = () => Date.now();
	private readonly signingKey = randomBytes(16);
	private nextId = 1_000_000_000_000_001;

	constructor(
		private readonly graph: GraphState,
		/** Messaging holds the media, where sends look their IDs up. */
		private readonly messaging: MetaGraphMessaging,
	) {}

	/** Media by ID, shared with the Messages API (which checks the IDs a send names). */
	get files(): Map<string, StubMedia> {
		return this.messaging.media;
	}

	/** Stores media on a number (a customer's photo from a webhook, say) and returns it. */
	addMedia(
		phoneNumberId: string,
		media: { bytes: Buffer; mimeType: string; id?: string },
	): StubMedia {
		const id = media.id ?? String(this.nextId++);
		const stored: StubMedia = {
			id,
			phoneNumberId,
			mimeType: media.mimeType,
			bytes: media.bytes,
			sha256: createHash('sha256').update(media.bytes).digest('hex'),
		};
		this.files.set(id, stored);
		return stored;
	}

	/** The calls this module answers, or undefined for the stand-in's other routes. */
	async route(r: RecordedRequest, caller: TokenInfo): Promise<StubAnswer | undefined> {
		const segments = r.path.split('/').filter(Boolean);
		if (segments.length === 1 && segments[0].startsWith('upload:'))
			return this.uploadSessionEdge(r, segments[0]);
		if (segments.length === 2 && segments[1] === 'uploads' && r.method === 'POST') {
			if (!this.graph.apps.has(segments[0])) return undefined;
			return this.openSession(r, segments[0]);
		}
		if (segments.length === 1 && this.files.has(segments[0])) {
			if (!caller.scopes.includes('whatsapp_business_messaging'))
				throw new GraphStubError(
					403,
					10,
					'(#10) Application does not have permission for this action',
				);
			return this.mediaNode(r, this.files.get(segments[0])!);
		}
		return undefined;
	}

	/** POST /{phone-number-id}/media: a multipart upload of one file; answers `{id}`. */
	uploadEdge(r: RecordedRequest, phoneNumberId: string): StubAnswer {
		if (!(r.contentType ?? '').startsWith('multipart/form-data'))
			throw new GraphStubError(400, 100, '(#100) The parameter file is required');
		const parts = multipartParts(r.bytes, r.contentType);
		const text = (name: string) =>
			parts.find((p) => p.name === name && p.fileName === undefined)?.data.toString('utf8');
		if (text('messaging_product') !== 'whatsapp')
			throw new GraphStubError(400, 100, '(#100) The parameter messaging_product is required');
		const file = parts.find((p) => p.name === 'file' && p.fileName !== undefined);
		if (!file?.contentType)
			throw new GraphStubError(400, 100, '(#100) The parameter file is required');
		const media = this.addMedia(phoneNumberId, {
			bytes: file.data,
			mimeType: text('type') ?? file.contentType,
		});
		this.uploaded.push(media);
		return [200, { id: media.id }];
	}

	/** GET or DELETE /{media-id}, with the optional `phone_number_id` check. */
	private mediaNode(r: RecordedRequest, media: StubMedia): StubAnswer {
		const numberId = r.query.phone_number_id ?? r.body.phone_number_id;
		if (numberId !== undefined && numberId !== media.phoneNumberId)
			throw new GraphStubError(
				400,
				100,
				`(#100) Media ${media.id} does not belong to phone number ${numberId}`,
			);
		if (r.method === 'DELETE') {
			this.files.delete(media.id);
			return [200, { success: true }];
		}
		if (r.method !== 'GET') throw unknownObject(r.method, media.id);
		return [
			200,
			{
				messaging_product: 'whatsapp',
				url: this.mediaUrl(media),
				mime_type: media.mimeType,
				sha256: media.sha256,
				file_size: media.bytes.length,
				id: media.id,
			},
		];
	}

	private signature(mid: string, ext: string): string {
		return createHmac('sha256', this.signingKey)
			.update(`${mid}:${ext}`)
			.digest('base64url')
			.slice(0, 32);
	}

	/** A signed URL on the media host, valid for MEDIA_URL_TTL_MS. */
	mediaUrl(media: StubMedia): string {
		const ext = String(Math.floor((this.now() + MEDIA_URL_TTL_MS) / 1000));
		const url = new URL(`${this.graph.url}${LOOKASIDE_PATH}`);
		url.searchParams.set('mid', media.id);
		url.searchParams.set('ext', ext);
		url.searchParams.set('hash', this.signature(media.id, ext));
		return url.toString();
	}

	/**
	 * GET on a media URL: the bytes to a caller with a valid token. Meta documents no error body
	 * for its media host; refusals here use Graph's envelope so a client's error path is exercised.
	 */
	download(r: RecordedRequest): StubAnswer {
		if (r.method !== 'GET') throw new GraphStubError(405, 100, 'Unsupported method');
		if (!r.token || r.tokenInUrl || !r.authorization)
			throw new GraphStubError(401, 104, 'An access token is required to request this resource.');
		if (!this.graph.tokens.has(r.token))
			throw new GraphStubError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
		const { mid = '', ext = '', hash = '' } = r.query;
		if (hash !== this.signature(mid, ext))
			throw new GraphStubError(403, 100, 'URL signature mismatch');
		if (Number(ext) * 1000 < this.now())
			throw new GraphStubError(403, 100, 'URL signature expired');
		const media = this.files.get(mid);
		if (!media) throw new GraphStubError(404, 100, 'Media not found');
		return [200, media.bytes, media.mimeType];
	}

	/** POST /{app-id}/uploads: opens a session for one file. */
	private openSession(r: RecordedRequest, appId: string): StubAnswer {
		const params = { ...r.query, ...r.body };
		const fileLength = Number(params.file_length);
		if (!params.file_length || !Number.isInteger(fileLength) || fileLength < 1)
			throw new GraphStubError(400, 100, '(#100) The parameter file_length is required');
		if (!UPLOAD_FILE_TYPES.includes(params.file_type ?? ''))
			throw new GraphStubError(
				400,
				100,
				`(#100) Param file_type must be one of {${UPLOAD_FILE_TYPES.join(', ')}}`,
			);
		const id = `upload:${Buffer.from(`1:attachment:${randomBytes(12).toString('hex')}`).toString('base64url')}`;
		const sig = randomBytes(12).toString('base64url');
		this.sessions.set(id, {
			id,
			sig,
			appId,
			fileName: params.file_name ?? '',
			fileLength,
			fileType: params.file_type!,
			received: Buffer.alloc(0),
		});
		return [200, { id: `${id}?sig=${sig}` }];
	}

	/** POST (bytes from `file_offset`) or GET (the offset reached) on /upload:<session>. */
	private uploadSessionEdge(r: RecordedRequest, id: string): StubAnswer {
		const session = this.sessions.get(id);
		if (!session) throw unknownObject(r.method, id);
		if (r.method === 'GET') return [200, { id, file_offset: session.received.length }];
		if (r.method !== 'POST') throw unknownObject(r.method, id);
		// Meta: the token must be in the Authorization header, as `OAuth <token>`
		if (!/^OAuth /.test(r.authorization ?? ''))
			throw new GraphStubError(400, 104, 'An access token is required to request this resource.');
		if (r.query.sig !== session.sig)
			throw new GraphStubError(400, 100, '(#100) Invalid upload session signature');
		const offset = r.headers.file_offset;
		if (offset === undefined || Number(offset) !== session.received.length)
			throw new GraphStubError(
				400,
				100,
				`(#100) The file_offset header must be ${session.received.length}`,
			);
		const received = Buffer.concat([session.received, r.bytes]);
		if (received.length > session.fileLength)
			throw new GraphStubError(
				400,
				100,
				`(#100) More bytes than the session's file_length (${session.fileLength})`,
			);
		session.received = received;
		if (received.length < session.fileLength) return [200, { id, file_offset: received.length }];
		const expiry = Math.floor(this.now() / 1000) + 30 * 24 * 3600;
		session.handle ??= [
			'2',
			Buffer.from(session.fileName).toString('base64'),
			session.fileType,
			randomBytes(18).toString('base64url'),
			'e',
			String(expiry),
			randomBytes(9).toString('base64url'),
		].join(':');
		return [200, { h: session.handle }];
	}
}
