// The Group resource (Meta's Groups API): requests and answers as Meta's Groups API reference
// shows them (group management, invite links, join requests, participants), and the refusals
// made before any request.
import type { IDataObject } from 'n8n-workflow';
import type nock from 'nock';

import { graph, graphError, PROOF, versionPath } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const PHONE_NUMBER_ID = '106540352242922';
const GROUP_ID = 'Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD';

const run = (operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) =>
	runNode({
		parameters: {
			resource: 'group',
			operation,
			groupId: GROUP_ID,
			phoneNumberId: PHONE_NUMBER_ID,
			...parameters,
		},
		continueOnFail,
	});

const json = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json);

describe('Group management', () => {
	it('Create sends the subject trimmed, the description and the join approval mode', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/groups`), {
				messaging_product: 'whatsapp',
				subject: 'New Purchase Inquiry',
				description: 'Jim would like to learn about new car purchase options.',
				join_approval_mode: 'approval_required',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { messaging_product: 'whatsapp', request_id: 'g8FBzQ3x' });
		const { items, error } = await run('create', {
			subject: '  New Purchase Inquiry ',
			options: {
				description: 'Jim would like to learn about new car purchase options.',
				joinApprovalMode: 'approval_required',
			},
		});
		expect(error).toBeUndefined();
		expect(json(items)).toEqual([{ messaging_product: 'whatsapp', request_id: 'g8FBzQ3x' }]);
	});

	it('Create refuses a subject over 128 characters and a description over 2048', async () => {
		expect((await run('create', { subject: 'x'.repeat(129) })).error?.message).toBe(
			'Subject is 129 characters; WhatsApp allows at most 128',
		);
		expect(
			(await run('create', { subject: 'Hi', options: { description: 'y'.repeat(2049) } })).error
				?.message,
		).toBe('Description is 2049 characters; WhatsApp allows at most 2048');
	});

	it('Get reads the fields asked for', async () => {
		const info = {
			id: GROUP_ID,
			messaging_product: 'whatsapp',
			subject: 'New Purchase Inquiry',
			suspended: false,
			creation_timestamp: 1683849600,
			participants: [{ wa_id: '16505551234' }],
			total_participant_count: 1,
		};
		graph()
			.get(versionPath(`/${GROUP_ID}`))
			.query({ fields: 'subject,participants', appsecret_proof: PROOF })
			.reply(200, info);
		const { items, error } = await run('get', { fields: ['subject', 'participants'] });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(info);
	});

	it('Get Many follows the cursor of data.groups up to the limit', async () => {
		const path = versionPath(`/${PHONE_NUMBER_ID}/groups`);
		const group = (n: number) => ({
			id: `${GROUP_ID}${n}`,
			subject: `Group ${n}`,
			created_at: 1683849600 + n,
		});
		graph()
			.get(path)
			.query({ limit: 3, appsecret_proof: PROOF })
			.reply(200, {
				data: { groups: [group(1), group(2)] },
				paging: {
					cursors: { before: 'MA', after: 'Mg' },
					next: `https://graph.facebook.com${path}?after=Mg`,
				},
			});
		graph()
			.get(path)
			.query({ limit: 3, after: 'Mg', appsecret_proof: PROOF })
			.reply(200, {
				data: { groups: [group(3), group(4)] },
				paging: { cursors: { before: 'Mg', after: 'NA' } },
			});
		const { items, error } = await run('getAll', { returnAll: false, limit: 3 });
		expect(error).toBeUndefined();
		expect(json(items).map((g) => g.subject)).toEqual(['Group 1', 'Group 2', 'Group 3']);
	});

	it('Update sends only the fields added, and refuses nothing to update', async () => {
		graph()
			.post(versionPath(`/${GROUP_ID}`), {
				messaging_product: 'whatsapp',
				description: 'Closed on Sundays',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('update', {
			updateFields: { description: 'Closed on Sundays' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
		expect((await run('update', { updateFields: {} })).error?.message).toBe(
			'Nothing to update: add Subject or Description',
		);
	});

	it('Delete outputs deleted: true once Meta confirms', async () => {
		graph()
			.delete(versionPath(`/${GROUP_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await run('delete');
		expect(items[0].json).toEqual({ deleted: true });
	});

	it('refuses a group ID that would address another Graph node', async () => {
		const { error } = await run('get', { groupId: `${GROUP_ID}/participants` });
		expect(error?.message).toMatch(/^Group ID must be a WhatsApp group ID/);
	});
});

describe('Invite links, join requests and participants', () => {
	const link = { messaging_product: 'whatsapp', invite_link: 'https://chat.whatsapp.com/LINK_ID' };

	it('Get Invite Link reads it; Reset Invite Link posts for a new one', async () => {
		graph()
			.get(versionPath(`/${GROUP_ID}/invite_link`))
			.query({ appsecret_proof: PROOF })
			.reply(200, link);
		graph()
			.post(versionPath(`/${GROUP_ID}/invite_link`), { messaging_product: 'whatsapp' })
			.query({ appsecret_proof: PROOF })
			.reply(200, { ...link, invite_link: 'https://chat.whatsapp.com/NEW_ID' });
		expect((await run('getInviteLink')).items[0].json).toEqual(link);
		expect((await run('resetInviteLink')).items[0].json.invite_link).toBe(
			'https://chat.whatsapp.com/NEW_ID',
		);
	});

	it('Get Join Requests lists them as items', async () => {
		const request = {
			join_request_id: 'MTY0NjcwNDM1OTU6',
			wa_id: '16505551234',
			creation_timestamp: 1683849600,
		};
		graph()
			.get(versionPath(`/${GROUP_ID}/join_requests`))
			.query({ limit: 50, appsecret_proof: PROOF })
			.reply(200, { data: [request], paging: { cursors: { before: 'MA', after: 'MQ' } } });
		const { items } = await run('getJoinRequests', { returnAll: false, limit: 50 });
		expect(json(items)).toEqual([request]);
	});

	const expectJoinRequests = (method: 'post' | 'delete', answer: IDataObject) =>
		(graph()[method] as (path: string, body: nock.DataMatcherMap) => nock.Interceptor)(
			versionPath(`/${GROUP_ID}/join_requests`),
			{ messaging_product: 'whatsapp', join_requests: ['JR1', 'JR2'] },
		)
			.query({ appsecret_proof: PROOF })
			.reply(200, answer);

	it('Approve and Reject Join Requests send the IDs and output what Meta did with each', async () => {
		const approved = {
			messaging_product: 'whatsapp',
			approved_join_requests: ['JR1'],
			failed_join_requests: [
				{
					join_request_id: 'JR2',
					errors: [{ code: 100, message: 'Invalid parameter', title: 'Invalid parameter' }],
				},
			],
		};
		expectJoinRequests('post', approved);
		expect(
			(await run('approveJoinRequests', { joinRequestIds: 'JR1, JR2' })).items[0].json,
		).toEqual(approved);
		const rejected = { messaging_product: 'whatsapp', rejected_join_requests: ['JR1', 'JR2'] };
		expectJoinRequests('delete', rejected);
		expect((await run('rejectJoinRequests', { joinRequestIds: 'JR1\nJR2' })).items[0].json).toEqual(
			rejected,
		);
	});

	it('Remove Participants sends each as a user, at most 8', async () => {
		graph()
			.delete(versionPath(`/${GROUP_ID}/participants`), {
				messaging_product: 'whatsapp',
				participants: [{ user: '16505551234' }, { user: '16505555678' }],
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { error } = await run('removeParticipants', {
			participants: '+16505551234, 16505555678',
		});
		expect(error).toBeUndefined();
		const nine = Array.from({ length: 9 }, (_, i) => `1650555000${i}`).join(',');
		expect((await run('removeParticipants', { participants: nine })).error?.message).toBe(
			'Participants has 9 people; WhatsApp removes at most 8 at a time',
		);
		expect((await run('removeParticipants', { participants: 'Jim' })).error?.message).toBe(
			'Participants must be WhatsApp phone numbers or IDs (digits, country code first), got "Jim"',
		);
	});

	it("surfaces Meta's refusal as Meta sent it", async () => {
		graph()
			.get(versionPath(`/${GROUP_ID}/invite_link`))
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(100, 'Invalid parameter', { error_data: { details: 'Group does not exist' } }),
			);
		const { items } = await run('getInviteLink', {}, true);
		expect(items[0].json).toMatchObject({ code: 100 });
		expect(JSON.stringify(items[0].json)).toContain('Group does not exist');
	});
});

describe('Sending to a group', () => {
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const toGroup = {
		recipientMode: 'group',
		senderPhoneNumberId: byId(PHONE_NUMBER_ID),
		recipientGroupId: GROUP_ID,
	};
	const groupAnswer = {
		messaging_product: 'whatsapp',
		messages: [{ id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA' }],
	};
	const expectGroupSend = (body: nock.DataMatcherMap) =>
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/messages`), {
				messaging_product: 'whatsapp',
				recipient_type: 'group',
				to: GROUP_ID,
				...body,
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, groupAnswer);

	it('Send Text goes with recipient_type group and the group ID in to', async () => {
		expectGroupSend({ type: 'text', text: { body: 'Your order has shipped' } });
		const { items, error } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendText',
				...toGroup,
				text: 'Your order has shipped',
			},
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ messageId: groupAnswer.messages[0].id, waId: null });
	});

	it('Send Media goes to a group too', async () => {
		expectGroupSend({ type: 'image', image: { link: 'https://example.com/map.png' } });
		const { error } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendMedia',
				...toGroup,
				mediaType: 'image',
				mediaSource: 'url',
				mediaUrl: 'https://example.com/map.png',
			},
		});
		expect(error).toBeUndefined();
	});

	it('refuses a group ID that is not one before sending', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendText',
				...toGroup,
				recipientGroupId: 'not a group',
				text: 'Hi',
			},
		});
		expect(error?.message).toBe(
			'Group ID must be a WhatsApp group ID such as Y2FwaV9ncm91cDox…, got "not a group"',
		);
	});

	it('offers Group only on the operations Meta delivers to groups', async () => {
		const { WhatsAppBusinessAccount } =
			await import('../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node');
		const modes = new WhatsAppBusinessAccount().description.properties.filter(
			(p) => p.name === 'recipientMode',
		);
		const withGroup = modes
			.filter((p) => (p.options ?? []).some((o) => 'value' in o && o.value === 'group'))
			.flatMap((p) => p.displayOptions?.show?.operation ?? []);
		// Send Template has a Send To per node version (its default changed in 1.1)
		expect([...new Set(withGroup)].sort()).toEqual(['sendMedia', 'sendTemplate', 'sendText']);
	});
});
