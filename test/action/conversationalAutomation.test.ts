// Phone Number > Get / Update Conversational Automation over real loopback HTTP against the
// Graph stand-in (scripts/lib/metaGraphChatEntry.ts): ice breakers, commands and the welcome
// message set and read back; Meta's limits (4 × 80 characters, 30 commands of 32 / 256, no
// emoji) refused before the request, naming the parameter.
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
		parameters: {
			resource: 'phoneNumber',
			operation,
			phoneNumberId: NUMBER,
			...parameters,
		} as never,
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});
	return { json: items.map((i) => i.json), error };
}
const update = (automationUpdateFields: IDataObject) =>
	run('updateConversationalAutomation', { automationUpdateFields });
const automationCalls = () =>
	graph.requests.filter((r) => r.path === `/${NUMBER}/conversational_automation`);
const prompts = (...texts: string[]) => ({ prompt: texts.map((text) => ({ text })) });

it('reads an unset number as no welcome message, no ice breakers, no commands', async () => {
	const { json, error } = await run('getConversationalAutomation');
	expect(error).toBeUndefined();
	expect(graph.requests.at(-1)!.query.fields).toBe('conversational_automation');
	expect(json).toEqual([{ id: NUMBER, enable_welcome_message: false, prompts: [], commands: [] }]);
});

it('sets ice breakers, commands (without their slash) and the welcome message, then reads them back', async () => {
	const set = await update({
		enableWelcomeMessage: true,
		prompts: prompts('Show me the menu', 'Where is my order?'),
		commands: { command: [{ name: '/menu', description: 'See the menu' }] },
	});
	expect(set.error).toBeUndefined();
	expect(set.json).toEqual([{ success: true }]);
	expect(automationCalls()[0].json).toEqual({
		enable_welcome_message: true,
		prompts: ['Show me the menu', 'Where is my order?'],
		commands: [{ command_name: 'menu', command_description: 'See the menu' }],
	});
	const { json } = await run('getConversationalAutomation');
	expect(json[0]).toEqual({
		id: NUMBER,
		enable_welcome_message: true,
		prompts: ['Show me the menu', 'Where is my order?'],
		commands: [{ command_name: 'menu', command_description: 'See the menu' }],
	});
});

it('removes the ice breakers with an empty list and leaves the rest', async () => {
	await update({ enableWelcomeMessage: true, prompts: prompts('Menu') });
	await update({ prompts: {} });
	expect(automationCalls()[1].json).toEqual({ prompts: [] });
	const { json } = await run('getConversationalAutomation');
	expect(json[0]).toMatchObject({ enable_welcome_message: true, prompts: [] });
});

it.each([
	[
		'a fifth ice breaker',
		{ prompts: prompts('a', 'b', 'c', 'd', 'e') },
		'Ice Breakers has 5; WhatsApp takes at most 4',
	],
	[
		'an ice breaker over 80 characters',
		{ prompts: prompts('x'.repeat(81)) },
		'Ice Breakers 1 is 81 characters; WhatsApp allows at most 80',
	],
	[
		'an emoji',
		{ prompts: prompts('Menu 🍕') },
		'Ice Breakers 1 has an emoji; WhatsApp does not take emoji there',
	],
	[
		'31 commands',
		{
			commands: {
				command: Array.from({ length: 31 }, (_, i) => ({ name: `c${i}`, description: 'd' })),
			},
		},
		'Commands has 31; WhatsApp takes at most 30',
	],
	[
		'a command name over 32 characters',
		{ commands: { command: [{ name: 'n'.repeat(33), description: 'd' }] } },
		'Commands 1: Name is 33 characters; WhatsApp allows at most 32',
	],
	[
		'a command without a description',
		{ commands: { command: [{ name: 'menu', description: ' ' }] } },
		'Commands 1: Description is empty',
	],
	['nothing to update', {}, 'Update Fields is empty'],
])('refuses %s before any request', async (_, fields, message) => {
	const { error } = await update(fields);
	expect(error?.message).toBe(message);
	expect(automationCalls()).toHaveLength(0);
});
