/**
 * One decoding: the bytes whose signature was checked are the bytes parsed, as UTF-8, whatever
 * the Content-Type says. n8n decodes a JSON body with the charset it reads from the header
 * (the last one when repeated) before the node runs; the items must not depend on that.
 */
import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { lastItems, post, startTrigger } from './support';

// non-ASCII text (raw UTF-8 and \u escapes), an id beyond 2^53, a wamid
const RAW = Buffer.from(
	'{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1700000000,"changes":[' +
		'{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":12345678901234567891,"message_template_name":"café 😀 Jos\\u00e9","message_template_language":"en_US","reason":"NONE"}},' +
		'{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Zoë"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1700000000","type":"text","text":{"body":"naïve — ok"}}]}}' +
		']}]}',
	'utf8',
);

/** What the trigger makes of RAW with the plain header: the reference every other header must give. */
const REFERENCE = {
	templateName: 'café 😀 José',
	templateId: '12345678901234567891',
	contact: 'Zoë',
	text: 'naïve — ok',
};

// Headers n8n reads in its own way: charset=latin1 decodes é as Ã©; a repeated charset takes
// the last; "application/json " (space before ;) is not JSON to n8n, so it leaves the body alone.
const ODD_HEADERS = [
	'application/json; charset=latin1',
	'application/json; charset=utf-8; charset=latin1',
	'application/json; charset=latin1; charset=utf-8',
	'application/json;charset="latin1"',
	'application/json ; charset = "UTF-8"',
	'Application/JSON; charset=binary',
	'text/plain; charset=latin1',
	'application/octet-stream',
	'application/x-www-form-urlencoded',
	'',
];

describe('one decoding: text, ids and keys do not depend on Content-Type', () => {
	let host: InProcessTrigger;
	let reference: ReturnType<typeof lastItems>;
	beforeAll(async () => {
		host = await startTrigger();
		const answer = await post(host, RAW);
		expect(answer.status).toBe(200);
		reference = lastItems(host);
	});
	afterAll(async () => await host.close());

	test('the reference items carry the text and the id exactly as sent', () => {
		expect(reference).toHaveLength(2);
		expect(reference[0].value.message_template_name).toBe(REFERENCE.templateName);
		expect(reference[0].value.message_template_id).toBe(REFERENCE.templateId);
		expect(reference[1].value.contacts[0].profile.name).toBe(REFERENCE.contact);
		expect(reference[1].value.messages[0].text.body).toBe(REFERENCE.text);
		expect(reference.every((i) => i.validation.valid)).toBe(true);
	});

	test.each(ODD_HEADERS)(
		'Content-Type %j: the same items, de-duplication keys included',
		async (contentType) => {
			const before = host.executions.length;
			const answer = await post(host, RAW, { headers: { 'content-type': contentType } });
			expect(answer.status).toBe(200);
			expect(host.executions.length).toBe(before + 1);
			expect(lastItems(host)).toEqual(reference);
		},
	);

	test.each(['application/json; charset=utf-16', 'application/json; Charset=ISO-8859-1'])(
		'Content-Type %j: a charset n8n cannot decode with is refused by n8n itself (422) before the node runs',
		async (contentType) => {
			const before = host.executions.length;
			const answer = await post(host, RAW, { headers: { 'content-type': contentType } });
			expect(answer.status).toBe(422);
			expect(host.executions.length).toBe(before);
		},
	);
});
