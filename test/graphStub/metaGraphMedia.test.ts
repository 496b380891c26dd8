import { createHash } from 'crypto';

import { LOOKASIDE_PATH, MEDIA_URL_TTL_MS } from '../../scripts/lib/metaGraphMedia';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { call, multipart } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const OTHER_NUMBER = '106540352242923';
const PHOTO = Buffer.concat([
	Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x80]),
	Buffer.alloc(300, 7),
]);

describe('MetaGraphStub media', () => {
	let stub: MetaGraphStub;
	let token: string;
	let clock: number;
	beforeEach(async () => {
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
		stub.addPhoneNumber(WABA, { id: OTHER_NUMBER, displayPhoneNumber: '+1 555-078-3882' });
		clock = 1_750_000_000_000;
		stub.media.now = () => clock;
	});
	afterEach(async () => await stub.close());

	async function upload(number = NUMBER) {
		const body = multipart(
			{ messaging_product: 'whatsapp', type: 'image/jpeg' },
			{ name: 'photo.jpg', type: 'image/jpeg', data: PHOTO },
		);
		return await call(stub, 'POST', `/${number}/media`, {
			token,
			bytes: body.bytes,
			headers: { 'content-type': body.contentType },
		});
	}

	test('an upload keeps the bytes: GET /{media-id} reports them and its URL serves them to the token', async () => {
		const uploaded = await upload();
		expect(uploaded.status).toBe(200);
		const id = uploaded.body.id as string;
		expect(stub.media.uploaded.map((m) => m.id)).toEqual([id]);

		const node = await call(stub, 'GET', `/${id}`, { token });
		expect(node.body).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringContaining(`${stub.url}${LOOKASIDE_PATH}?mid=${id}&ext=`),
			mime_type: 'image/jpeg',
			sha256: createHash('sha256').update(PHOTO).digest('hex'),
			file_size: PHOTO.length,
			id,
		});
		const requestsBefore = stub.requests.length;
		const file = await call(stub, 'GET', node.body.url, { token });
		expect(file.status).toBe(200);
		expect(file.type).toBe('image/jpeg');
		expect(file.bytes.equals(PHOTO)).toBe(true);
		// Meta's media host is not Graph: its fetches are kept apart
		expect(stub.requests).toHaveLength(requestsBefore);
		expect(stub.downloads.map((d) => d.authorization)).toEqual([`Bearer ${token}`]);
	});

	test('a media URL needs the token in the header, its own signature, and expires after 5 minutes', async () => {
		const media = stub.media.addMedia(NUMBER, { bytes: PHOTO, mimeType: 'image/jpeg' });
		const url = (await call(stub, 'GET', `/${media.id}`, { token })).body.url as string;

		const anonymous = await call(stub, 'GET', url);
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error).toMatchObject({ code: 104, type: 'OAuthException' });
		const inUrl = await call(stub, 'GET', `${url}&access_token=${token}`);
		expect(inUrl.status).toBe(401);
		const stranger = await call(stub, 'GET', url, { token: 'EAAnotAToken' });
		expect(stranger.body.error).toMatchObject({ code: 190 });
		const forged = await call(stub, 'GET', url.replace(/mid=\d+/, 'mid=1'), { token });
		expect(forged.status).toBe(403);
		expect(forged.body.error.message).toBe('URL signature mismatch');

		clock += MEDIA_URL_TTL_MS + 1000;
		const late = await call(stub, 'GET', url, { token });
		expect(late.status).toBe(403);
		expect(late.body.error.message).toBe('URL signature expired');
		expect(typeof late.body.error.fbtrace_id).toBe('string');
	});

	test('phone_number_id must be the media’s number; a deleted media is unknown, to reads and to sends', async () => {
		const id = (await upload()).body.id as string;
		const wrong = await call(stub, 'GET', `/${id}?phone_number_id=${OTHER_NUMBER}`, { token });
		expect(wrong.status).toBe(400);
		expect(wrong.body.error).toMatchObject({ code: 100 });
		const right = await call(stub, 'DELETE', `/${id}?phone_number_id=${NUMBER}`, { token });
		expect(right.body).toEqual({ success: true });

		const gone = await call(stub, 'GET', `/${id}`, { token });
		expect(gone.body.error).toMatchObject({
			code: 100,
			error_subcode: 33,
			type: 'GraphMethodException',
		});
		stub.messaging.recordInbound(NUMBER, { phone: '16505551234' });
		const send = await call(stub, 'POST', `/${NUMBER}/messages`, {
			token,
			json: { messaging_product: 'whatsapp', to: '+16505551234', type: 'image', image: { id } },
		});
		expect(send.body.error).toMatchObject({ code: 131009 });
	});

	test('media calls need the messaging permission', async () => {
		const media = stub.media.addMedia(NUMBER, { bytes: PHOTO, mimeType: 'image/jpeg' });
		const managementOnly = stub.addSystemUserToken(APP.id, undefined, [
			'whatsapp_business_management',
		]);
		const answer = await call(stub, 'GET', `/${media.id}`, { token: managementOnly });
		expect(answer.status).toBe(403);
		expect(answer.body.error).toMatchObject({ code: 10 });
	});

	test('Resumable Upload API: a session, the bytes in two parts from their offsets, then the handle', async () => {
		const badType = await call(
			stub,
			'POST',
			`/${APP.id}/uploads?file_name=a.gif&file_length=10&file_type=image/gif`,
			{ token },
		);
		expect(badType.body.error.message).toMatch(/file_type must be one of/);

		const opened = await call(
			stub,
			'POST',
			`/${APP.id}/uploads?file_name=photo.jpg&file_length=${PHOTO.length}&file_type=image/jpeg`,
			{ token },
		);
		const [sessionPath, sig] = (opened.body.id as string).split('?sig=');
		expect(sessionPath).toMatch(/^upload:[A-Za-z0-9_-]+$/);
		const session = stub.media.sessions.get(sessionPath)!;
		expect(session).toMatchObject({ appId: APP.id, fileName: 'photo.jpg', sig });

		const half = PHOTO.length / 2;
		const at = (offset: number) => ({ file_offset: String(offset) });
		const bearer = await call(stub, 'POST', `/${sessionPath}?sig=${sig}`, {
			token,
			bytes: PHOTO.subarray(0, half),
			headers: at(0),
		});
		expect(bearer.body.error).toMatchObject({ code: 104 });
		const unsigned = await call(stub, 'POST', `/${sessionPath}`, {
			token,
			scheme: 'OAuth',
			bytes: PHOTO.subarray(0, half),
			headers: at(0),
		});
		expect(unsigned.body.error).toMatchObject({ code: 100 });

		const first = await call(stub, 'POST', `/${sessionPath}?sig=${sig}`, {
			token,
			scheme: 'OAuth',
			bytes: PHOTO.subarray(0, half),
			headers: at(0),
		});
		expect(first.body).toEqual({ id: sessionPath, file_offset: half });
		const status = await call(stub, 'GET', `/${sessionPath}`, { token, scheme: 'OAuth' });
		expect(status.body).toEqual({ id: sessionPath, file_offset: half });
		const wrongOffset = await call(stub, 'POST', `/${sessionPath}?sig=${sig}`, {
			token,
			scheme: 'OAuth',
			bytes: PHOTO.subarray(half),
			headers: at(0),
		});
		expect(wrongOffset.body.error.message).toMatch(`file_offset header must be ${half}`);

		const rest = await call(stub, 'POST', `/${sessionPath}?sig=${sig}`, {
			token,
			scheme: 'OAuth',
			bytes: PHOTO.subarray(half),
			headers: at(half),
		});
		expect(rest.body).toEqual({ h: session.handle });
		expect(session.handle).toMatch(
			new RegExp(`^2:${Buffer.from('photo.jpg').toString('base64')}:image/jpeg:`),
		);
		expect(session.received.equals(PHOTO)).toBe(true);
	});
});
