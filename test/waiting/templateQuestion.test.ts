// A Send and Wait question asked with a template (the 24-hour window closed): the template's
// quick-reply buttons are the answers and their payloads the references; the tap comes back
// as Meta's `button` message (webhooks reference, messages/button) and resumes like a reply
// button. Templates in Graph's shape (GET /{waba-id}/message_templates).
import { createHash, createHmac } from 'crypto';

import { Claims, judgeResume } from '../../nodes/WhatsAppBusinessAccount/waiting/resume';
import {
	TEMPLATE_PAYLOAD_LIMIT,
	templateAnswers,
	templateMessage,
	type TemplateQuestion,
} from '../../nodes/WhatsAppBusinessAccount/waiting/templateQuestion';
import { templateFields } from '../../nodes/WhatsAppBusinessAccount/actions/message/templateParameters';
import type { TemplateDefinition } from '../../nodes/WhatsAppBusinessAccount/actions/message/templateParameters';
import { tappedReference } from '../../nodes/shared/webhook/answerReference';

const fail = (message: string): never => {
	throw new Error(message);
};

const TEMPLATE: TemplateDefinition = {
	id: '1402236970626093',
	name: 'order_approval',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	components: [
		{ type: 'BODY', text: 'Order {{1}} is over the limit. Approve it?' },
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'QUICK_REPLY', text: 'Approve' },
				{ type: 'QUICK_REPLY', text: 'Decline' },
			],
		},
	],
};

const question = (template = TEMPLATE, values = { 'body.1': '#1042' }): TemplateQuestion => {
	const fields = templateFields(template);
	return { template, fields, values, quickReplies: fields.filter((f) => f.kind === 'payload') };
};
const ref = (o: string) =>
	`wa1 /webhook-waiting/77/node-1?o=${o}&c=abcdefghijklmnop&signature=${'d4'.repeat(32)}`;

describe('the answers of a template', () => {
	test('Approval: the first quick reply approves, the second declines', () => {
		expect(templateAnswers(question(), 'approval', 'double', fail)).toEqual([
			{ value: 'approve', title: 'Approve' },
			{ value: 'decline', title: 'Decline' },
		]);
	});

	test('Approval refuses a template whose quick replies do not match the type', () => {
		expect(() => templateAnswers(question(), 'approval', 'single', fail)).toThrow(
			'The template "order_approval" (en_US) has 2 quick-reply buttons; Approve Only needs 1',
		);
	});

	test("Choice: one per quick-reply button, the button's text as value and title", () => {
		expect(templateAnswers(question(), 'choice', 'single', fail).map((a) => a.value)).toEqual([
			'Approve',
			'Decline',
		]);
		const none = { ...TEMPLATE, components: [TEMPLATE.components![0]] };
		expect(() => templateAnswers(question(none), 'choice', 'single', fail)).toThrow(
			'has no quick-reply buttons',
		);
	});

	test('Free Text sends the template as it is', () => {
		expect(templateAnswers(question(), 'freeText', 'single', fail)).toEqual([]);
	});
});

describe('the template message', () => {
	test("each quick reply's payload is its answer's reference, the variables the user's", () => {
		const asked = question();
		const answers = templateAnswers(asked, 'approval', 'double', fail);
		expect(templateMessage(asked, answers, [ref('approve'), ref('decline')], fail)).toEqual({
			name: 'order_approval',
			language: { code: 'en_US' },
			components: [
				{ type: 'body', parameters: [{ type: 'text', text: '#1042' }] },
				{
					type: 'button',
					sub_type: 'quick_reply',
					index: '0',
					parameters: [{ type: 'payload', payload: ref('approve') }],
				},
				{
					type: 'button',
					sub_type: 'quick_reply',
					index: '1',
					parameters: [{ type: 'payload', payload: ref('decline') }],
				},
			],
		});
	});

	test('a reference over the payload limit, or a variable left empty, is refused', () => {
		const asked = question();
		const answers = templateAnswers(asked, 'approval', 'double', fail);
		const long = ref('approve').padEnd(TEMPLATE_PAYLOAD_LIMIT + 1, 'x');
		expect(() => templateMessage(asked, answers, [long, ref('decline')], fail)).toThrow(
			`The answer "Approve" needs a ${TEMPLATE_PAYLOAD_LIMIT + 1}-character payload`,
		);
		expect(() =>
			templateMessage(question(TEMPLATE, {} as never), answers, [ref('a'), ref('d')], fail),
		).toThrow('has no value for "body.1"');
	});
});

describe('the tap on a quick reply', () => {
	const SECRET = 'e2b0c44298fc1c149afbf4c8996fb924';
	const PHONE = '16505551234';
	const c = createHash('sha256').update(PHONE).digest('base64url').slice(0, 16);
	const path = `/webhook-waiting/77/node-1?o=approve&c=${c}&signature=${'d4'.repeat(32)}`;
	const tap = {
		context: { from: '15550783881', id: 'wamid.TEMPLATEQUESTION' },
		from: PHONE,
		id: 'wamid.TAP',
		timestamp: '1796652131',
		type: 'button',
		button: { payload: `wa1 ${path}`, text: 'Approve' },
	};
	const body = JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							contacts: [{ profile: { name: 'Ana' }, wa_id: PHONE }],
							messages: [tap],
						},
					},
				],
			},
		],
	});

	test("is read from the button's payload, and resumes with the button's text", () => {
		expect(tappedReference(tap)).toBe(`wa1 ${path}`);
		expect(
			tappedReference({ ...tap, button: { payload: 'ORDER_STATUS', text: 'Status' } }),
		).toBeNull();
		const verdict = judgeResume(
			{
				rawBody: Buffer.from(body),
				signatureHeader: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
				appSecret: SECRET,
				pathAndQuery: path,
			},
			new Claims(),
		);
		expect(verdict).toMatchObject({
			ok: true,
			answer: { value: 'approve', title: 'Approve', questionMessageId: 'wamid.TEMPLATEQUESTION' },
		});
	});
});
