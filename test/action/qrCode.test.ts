// QR Code > Create, Get, Get Many, Update and Delete over real loopback HTTP against the Graph
// stand-in (scripts/lib/metaGraphChatEntry.ts): the prefilled message's 140 characters are
// refused before the request; the image URL comes in the format asked for.
import type { IDataObject } from 'n8n-workflow';

import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { runNode } from './support/runner';

const APP_ID = '1234567890123456';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const WABA = '102290129340398';
const NUMBER = '106540352242922';

let graph: MetaGraphStub;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: APP_SECRET });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
});
afterEach(async () => await graph.close());

async function run(operation: string, parameters: IDataObject = {}) {
	const { items, error } = await runNode({
		parameters: { resource: 'qrCode', operation, phoneNumberId: NUMBER, ...parameters } as never,
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});
	return { json: items.map((i) => i.json), error };
}
const qrCalls = () => graph.requests.filter((r) => r.path.startsWith(`/${NUMBER}/message_qrdls`));

async function create(prefilledMessage = 'Show me the menu', imageFormat = 'SVG') {
	const { json, error } = await run('create', { prefilledMessage, imageFormat });
	expect(error).toBeUndefined();
	return json[0];
}

it('creates a QR code with its short link and an image in the format asked for', async () => {
	const qr = await create();
	expect(qrCalls()[0].json).toEqual({
		prefilled_message: 'Show me the menu',
		generate_qr_image: 'SVG',
	});
	expect(qr).toEqual({
		code: graph.chatEntry.qrCodes(NUMBER)[0].code,
		prefilled_message: 'Show me the menu',
		deep_link_url: `https://wa.me/message/${String(qr.code)}`,
		qr_image_url: `https://scontent.whatsapp.net/v/qr/${String(qr.code)}.svg`,
	});
});

it('gets one, with a PNG image URL, and many without', async () => {
	const first = await create('Menu');
	await create('Opening hours', 'PNG');
	const one = await run('get', { qrCode: first.code, imageFormat: 'PNG' });
	expect(qrCalls().at(-1)!.query.fields).toBe(
		'code,prefilled_message,deep_link_url,qr_image_url.format(PNG)',
	);
	expect(one.json).toEqual([
		expect.objectContaining({
			code: first.code,
			prefilled_message: 'Menu',
			qr_image_url: `https://scontent.whatsapp.net/v/qr/${String(first.code)}.png`,
		}),
	]);
	const many = await run('getAll', { returnAll: true });
	expect(many.json.map((qr) => qr.prefilled_message)).toEqual(['Menu', 'Opening hours']);
	expect(many.json[0]).not.toHaveProperty('qr_image_url');
});

it("updates a code's prefilled message and deletes it", async () => {
	const qr = await create();
	const updated = await run('update', { qrCode: qr.code, prefilledMessage: 'Order again' });
	expect(qrCalls().at(-1)!.json).toEqual({ code: qr.code, prefilled_message: 'Order again' });
	expect(updated.json[0]).toMatchObject({ code: qr.code, prefilled_message: 'Order again' });
	const deleted = await run('delete', { qrCode: qr.code });
	expect(deleted.json).toEqual([{ deleted: true }]);
	expect(graph.chatEntry.qrCodes(NUMBER)).toEqual([]);
	const gone = await run('get', { qrCode: qr.code });
	expect(gone.error?.message).toContain(`QR code ${String(qr.code)} does not exist`);
});

it('refuses a prefilled message over 140 characters and a malformed code before any request', async () => {
	const long = await run('create', { prefilledMessage: 'm'.repeat(141), imageFormat: 'PNG' });
	expect(long.error?.message).toBe(
		'Prefilled Message is 141 characters; WhatsApp allows at most 140',
	);
	const code = await run('delete', { qrCode: 'wa.me/message/ABC' });
	expect(code.error?.message).toBe(
		'QR Code ID must be letters and digits only, got "wa.me/message/ABC"',
	);
	expect(qrCalls()).toHaveLength(0);
});
