import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import type { INodeParameters } from 'n8n-workflow';

import { buildMultipartBody } from '../../nodes/WhatsAppBusinessAccount/transport/media';

import { graph, graphError, PROOF, versionPath } from './support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, GRAPH_BASE_URL, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';
import { sleep } from '../../scripts/lib/sleep';

useGraphMocks();

const MEDIA_ID = '1037543291543636';
const PHONE_NUMBER_ID = '106540352242922';
const LOOKASIDE = 'https://lookaside.fbsbx.com';
const SIGNED_PATH = '/whatsapp_business/attachments/';
const SIGNED_QUERY = {
	mid: MEDIA_ID,
	ext: '1691441564',
	hash: 'ATuMx4rCGgYgoRmA1JRhQjtvY8KSaqzXIUUyqU4Q1TcKaA',
};
const signedUrl = `${LOOKASIDE}${SIGNED_PATH}?mid=${SIGNED_QUERY.mid}&ext=${SIGNED_QUERY.ext}&hash=${SIGNED_QUERY.hash}`;

/** A JPEG's first bytes and some payload: real bytes whose hash the test computes itself. */
const FILE = Buffer.concat([
	Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
	Buffer.from('n8n media test payload'),
]);
const sha256 = createHash('sha256').update(FILE).digest('hex');

/** Meta's answer to GET /{media-id} (Media reference). */
const mediaAnswer = (overrides: Record<string, unknown> = {}) => ({
	messaging_product: 'whatsapp',
	url: signedUrl,
	mime_type: 'image/jpeg',
	sha256,
	file_size: FILE.length,
	id: MEDIA_ID,
	...overrides,
});

/** The media server: answers only with the same Bearer token and no appsecret_proof. */
function lookaside() {
	return nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
		.get(SIGNED_PATH)
		.query(SIGNED_QUERY);
}

describe('Media > Get', () => {
	it('returns the short-lived URL and metadata, optionally checked against a phone number', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ phone_number_id: PHONE_NUMBER_ID, appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		const { items, error } = await runNode({
			parameters: {
				resource: 'media',
				operation: 'get',
				mediaId: MEDIA_ID,
				options: { phoneNumberId: PHONE_NUMBER_ID },
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([mediaAnswer()]);
	});
});

describe('Media > Download', () => {
	it('follows the URL with the same token and outputs the file as binary data', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(200, FILE, {
			'Content-Type': 'image/jpeg',
			'Content-Length': String(FILE.length),
		});
		const { items, error } = await runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			id: MEDIA_ID,
			mime_type: 'image/jpeg',
			sha256,
			file_size: FILE.length,
			file_name: `${MEDIA_ID}.jpg`,
			messaging_product: 'whatsapp',
		});
		expect(JSON.stringify(items[0].json)).not.toContain('lookaside');
		const binary = items[0].binary?.data;
		expect(binary?.mimeType).toBe('image/jpeg');
		expect(binary?.fileName).toBe(`${MEDIA_ID}.jpg`);
		expect(Buffer.from(binary!.data, 'base64')).toEqual(FILE);
	});

	it('uses the file name given, in the field given', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ mime_type: 'application/pdf' }));
		lookaside().reply(200, FILE, { 'Content-Type': 'application/pdf' });
		const { items } = await runNode({
			parameters: {
				resource: 'media',
				operation: 'download',
				mediaId: MEDIA_ID,
				binaryPropertyName: 'invoice',
				options: { fileName: 'invoice-7.pdf' },
			},
		});
		expect(items[0].binary?.invoice?.fileName).toBe('invoice-7.pdf');
		expect(items[0].binary?.invoice?.mimeType).toBe('application/pdf');
	});

	it('refuses a file over the size limit before downloading it', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ file_size: 3 * 1024 * 1024 }));
		const { error } = await runNode({
			parameters: {
				resource: 'media',
				operation: 'download',
				mediaId: MEDIA_ID,
				options: { maxSizeMb: 2 },
			},
		});
		expect(error?.message).toBe(`The media is larger than the limit of ${2 * 1024 * 1024} bytes`);
	});

	it('refuses bytes over the limit even when Meta under-reports the size', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ file_size: 10 }));
		lookaside().reply(200, Buffer.alloc(2048, 1), { 'Content-Type': 'image/jpeg' });
		const { error } = await runNode({
			parameters: {
				resource: 'media',
				operation: 'download',
				mediaId: MEDIA_ID,
				options: { maxSizeMb: 1 / 1024 },
			},
		});
		expect(error?.message).toBe('The media is larger than the limit of 1024 bytes');
	});

	it("refuses bytes that do not match Meta's SHA-256", async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(200, Buffer.from('tampered'), { 'Content-Type': 'image/jpeg' });
		const { error } = await runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
		});
		expect(error?.message).toBe(
			'The downloaded media does not match the SHA-256 Meta reports for it',
		);
	});

	it('says what failed on an expired URL without leaking the signed query or the token', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(404, '<html>Not Found</html>', { 'Content-Type': 'text/html' });
		const { error, items } = await runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const text = JSON.stringify(items[0].json);
		expect(items[0].json.error).toBe(
			`Meta's media server answered HTTP 404 for ${LOOKASIDE}${SIGNED_PATH}`,
		);
		expect(text).not.toContain(SIGNED_QUERY.hash);
		expect(text).not.toContain(ACCESS_TOKEN);
	});

	it('never sends the token to a plain-HTTP URL on another host', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ url: 'http://evil.example.com/x?sig=1' }));
		const { error } = await runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
		});
		expect(error?.message).toBe('Refused to send the access token to http://evil.example.com/x');
	});

	it("passes on Meta's error for an unknown media id", async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(
					100,
					"Unsupported get request. Object with ID '1037543291543636' does not exist",
					{ type: 'GraphMethodException', error_subcode: 33 },
				),
			);
		const { error } = await runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
		});
		expect(error?.message).toContain('does not exist');
	});
});

describe('Media > Upload', () => {
	it('posts the binary data as multipart with messaging_product and type', async () => {
		let sent = '';
		let contentType = '';
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/media`), (body) => {
				// nock hands a binary body over hex-encoded
				sent = Buffer.from(String(body), 'hex').toString('latin1');
				return true;
			})
			.query({ appsecret_proof: PROOF })
			.matchHeader('content-type', (value) => {
				contentType = String(value);
				return true;
			})
			.reply(200, { id: '4490709327384033' });
		const { items, error } = await runNode({
			parameters: { resource: 'media', operation: 'upload', phoneNumberId: PHONE_NUMBER_ID },
			items: [
				{
					$binary: {
						data: {
							base64: FILE.toString('base64'),
							mimeType: 'image/jpeg',
							fileName: 'photo.jpg',
						},
					},
				},
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ id: '4490709327384033' }]);
		const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
		expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(sent).toContain(
			`--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n`,
		);
		expect(sent).toContain(`Content-Disposition: form-data; name="type"\r\n\r\nimage/jpeg\r\n`);
		expect(sent).toContain(
			`Content-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${FILE.toString('latin1')}\r\n--${boundary}--`,
		);
	});

	it('fails clearly when the input has no such binary field', async () => {
		const { error } = await runNode({
			parameters: { resource: 'media', operation: 'upload', phoneNumberId: PHONE_NUMBER_ID },
		});
		expect(error?.message).toMatch(/binary/i);
	});
});

describe('Media > Upload Template Sample', () => {
	const APP_ID = '1111111111111111';
	const SESSION =
		'upload:MTphdHRhY2htZW50OjlkYzcxMTMxLTNjNDctNGI0OS1iODg1LTliYzU1OTg4ZWYwMT9maWxlX25hbWU9cGhvdG8uanBn';
	const SIG = 'ARZqkGCA_uQMxC8nHKI';

	it('opens an upload session for the app, then sends the bytes with OAuth and file_offset 0', async () => {
		graph()
			.post(versionPath(`/${APP_ID}/uploads`))
			.query({
				file_name: 'photo.jpg',
				file_length: String(FILE.length),
				file_type: 'image/jpeg',
				appsecret_proof: PROOF,
			})
			.reply(200, { id: `${SESSION}?sig=${SIG}` });
		let sent = '';
		nock(GRAPH_BASE_URL, {
			reqheaders: {
				authorization: `OAuth ${ACCESS_TOKEN}`,
				file_offset: '0',
				'content-type': 'image/jpeg',
			},
		})
			.post(versionPath(`/${SESSION}`), (body) => {
				sent = Buffer.from(String(body), 'hex').toString('latin1');
				return true;
			})
			.query({ sig: SIG, appsecret_proof: PROOF })
			.reply(200, { h: '4::aW1hZ2UvanBlZw==:ARbXYZ' });
		const { items, error } = await runNode({
			parameters: { resource: 'media', operation: 'uploadForTemplate', appId: APP_ID },
			items: [
				{
					$binary: {
						data: {
							base64: FILE.toString('base64'),
							mimeType: 'image/jpeg',
							fileName: 'photo.jpg',
						},
					},
				},
			],
		});
		expect(error).toBeUndefined();
		expect(sent).toBe(FILE.toString('latin1'));
		expect(items.map((i) => i.json)).toEqual([{ h: '4::aW1hZ2UvanBlZw==:ARbXYZ' }]);
	});
});

describe('Media > Delete', () => {
	it('deletes the media and outputs deleted: true', async () => {
		graph()
			.delete(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: { resource: 'media', operation: 'delete', mediaId: MEDIA_ID },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});
});

// Issue 23, finding 5: the token only to Meta's media hosts, never across origins on a
// redirect, Max Size enforced while reading, and upload part headers without line breaks.
describe('Media > Download: where the token goes and how much is read', () => {
	const ATTACKER = 'https://attacker.example';
	const download = (options: INodeParameters = {}) =>
		runNode({
			parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID, options },
		});

	it('refuses a media URL on another https host: nothing is sent there', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ url: `${ATTACKER}/steal?sig=1` }));
		const trap = nock(ATTACKER).get(/.*/).reply(200, FILE);
		const { error } = await download();
		expect(error?.message).toBe(`Refused to send the access token to ${ATTACKER}/steal`);
		expect(error?.description).toMatch(
			/go only to https:\/\/graph\.facebook\.com, https:\/\/lookaside\.fbsbx\.com, not to https:\/\/attacker\.example/,
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('follows a redirect to another origin without the token', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(302, '', { location: 'https://cdn.example.net/file.jpg?sig=2' });
		nock('https://cdn.example.net', { badheaders: ['authorization'] })
			.get('/file.jpg')
			.query({ sig: '2' })
			.reply(200, FILE, { 'Content-Type': 'image/jpeg' });
		const { items, error } = await download();
		expect(error).toBeUndefined();
		expect(Buffer.from(items[0].binary!.data.data, 'base64')).toEqual(FILE);
	});

	it('keeps the token on a redirect within the same origin', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(301, '', { location: '/moved/file.jpg' });
		nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get('/moved/file.jpg')
			.reply(200, FILE, { 'Content-Type': 'image/jpeg' });
		const { error } = await download();
		expect(error).toBeUndefined();
	});

	it('refuses a redirect to plain http', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer());
		lookaside().reply(302, '', {
			location: 'http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
		});
		const trap = nock('http://lookaside.fbsbx.com').get(/.*/).reply(200, FILE);
		const { error } = await download();
		expect(error?.message).toBe(
			'Refused to follow a redirect to http://lookaside.fbsbx.com/whatsapp_business/attachments/',
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	it.each([['abc'], [-1], [0], ['']])(
		'refuses Max Size (MB) %p before anything is sent',
		async (maxSizeMb) => {
			const { error } = await download({ maxSizeMb });
			expect(error?.message).toBe(
				`Max Size (MB) must be a positive number, got "${String(maxSizeMb)}"`,
			);
		},
	);

	it('stops reading as soon as the limit is passed (a server that never stops sending)', async () => {
		let written = 0;
		let closed = false;
		let origin = '';
		// a local stand-in for Graph and the media host: the token goes only to the credential's
		// own loopback origin, so both live there
		const server = http.createServer((req, res) => {
			if (req.url?.startsWith(`/v23.0/${MEDIA_ID}`)) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(mediaAnswer({ url: `${origin}/media?sig=1`, file_size: 10 })));
				return;
			}
			res.writeHead(200, { 'content-type': 'image/jpeg' });
			const chunk = Buffer.alloc(64 * 1024, 7);
			const pump = () => {
				while (!closed && written < 200 * 1024 * 1024) {
					written += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
				res.end();
			};
			res.on('close', () => (closed = true));
			pump();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		origin = `http://127.0.0.1:${port}`;
		nock.enableNetConnect('127.0.0.1');
		try {
			const { error } = await runNode({
				parameters: {
					resource: 'media',
					operation: 'download',
					mediaId: MEDIA_ID,
					options: { maxSizeMb: 1 },
				},
				credential: { accessToken: ACCESS_TOKEN, apiVersion: 'v23.0', baseUrl: origin },
			});
			expect(error?.message).toBe(`The media is larger than the limit of ${1024 * 1024} bytes`);
			expect(error?.description).toMatch(/stopped once it passed 1048576 bytes/);
			await sleep(200);
			expect(closed).toBe(true);
			// what the socket buffers took before the close, far from the 200 MB offered
			expect(written).toBeLessThan(32 * 1024 * 1024);
		} finally {
			nock.disableNetConnect();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('refuses at once a Content-Length over the limit, reading nothing', async () => {
		graph()
			.get(versionPath(`/${MEDIA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, mediaAnswer({ file_size: 10 }));
		lookaside().reply(200, Buffer.alloc(4096, 1), {
			'Content-Type': 'image/jpeg',
			'Content-Length': '4096',
		});
		const { error } = await download({ maxSizeMb: 1 / 1024 });
		expect(error?.description).toMatch(/announced 4096 bytes; nothing was read/);
	});
});

describe('Media > Upload: part headers', () => {
	it('refuses a MIME type with a line break (it would add headers to the part)', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'media',
				operation: 'upload',
				phoneNumberId: PHONE_NUMBER_ID,
				options: { mimeType: 'image/jpeg\r\nX-Injected: 1' },
			},
			items: [
				{
					$binary: {
						data: {
							base64: FILE.toString('base64'),
							mimeType: 'image/jpeg',
							fileName: 'photo.jpg',
						},
					},
				},
			],
		});
		expect(error?.message).toBe('The MIME type contains a line break');
	});

	it('writes a part Content-Type on one line whatever it is given', () => {
		const body = buildMultipartBody(
			{},
			{
				field: 'file',
				fileName: 'a.jpg',
				contentType: 'image/jpeg\r\nX-Injected: 1',
				data: Buffer.from('x'),
			},
		).data.toString('latin1');
		expect(body).toContain('Content-Type: image/jpeg X-Injected: 1\r\n\r\nx');
		expect(body).not.toMatch(/\r\nX-Injected/);
	});
});
