// Groups in the Graph stand-in over loopback, driven by the node's Group resource: created (the
// ID comes with the group_lifecycle_update value), listed, read, updated, its invite link reset,
// join requests approved and rejected, participants removed, deleted; and Meta's limits.
import { MAX_PARTICIPANTS } from '../../scripts/lib/metaGraphGroups';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { runNode } from '../action/support/runner';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { call } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';

describe('MetaGraphStub groups', () => {
	let stub: MetaGraphStub;
	let token: string;
	beforeEach(async () => {
		configureGraphRetries({ maxAttempts: 1 });
		stub = await MetaGraphStub.start({ maxPageSize: 2 });
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	});
	afterEach(async () => {
		resetGraphRetries();
		await stub.close();
	});

	const run = async (operation: string, parameters: Record<string, unknown> = {}) => {
		const result = await runNode({
			parameters: { resource: 'group', operation, phoneNumberId: NUMBER, ...parameters },
			credential: {
				accessToken: token,
				appSecret: undefined,
				apiVersion: 'v23.0',
				baseUrl: stub.url,
			},
		});
		if (result.error) throw result.error;
		return result.items.map((i) => i.json);
	};

	it('runs a group from creation to deletion', async () => {
		const [created] = await run('create', {
			subject: 'Order 4711',
			options: { joinApprovalMode: 'approval_required' },
		});
		const requestId = String(created.request_id);
		const value = stub.groups.lifecycleValue(requestId);
		const groupId = (value.groups as Array<Record<string, string>>)[0].group_id;
		expect(value).toMatchObject({ groups: [{ type: 'group_create', subject: 'Order 4711' }] });

		await run('create', { subject: 'Second' });
		await run('create', { subject: 'Third' });
		expect((await run('getAll', { returnAll: true })).map((g) => g.subject)).toEqual([
			'Order 4711',
			'Second',
			'Third',
		]);

		await run('update', { groupId, updateFields: { description: 'Delivery questions' } });
		const [info] = await run('get', {
			groupId,
			fields: ['subject', 'description', 'join_approval_mode'],
		});
		expect(info).toEqual({
			id: groupId,
			messaging_product: 'whatsapp',
			subject: 'Order 4711',
			description: 'Delivery questions',
			join_approval_mode: 'approval_required',
		});

		const [before] = await run('getInviteLink', { groupId });
		const [after] = await run('resetInviteLink', { groupId });
		expect(after.invite_link).not.toBe(before.invite_link);

		const jim = stub.groups.requestToJoin(groupId, '16505551234')!;
		const ann = stub.groups.requestToJoin(groupId, '16505555678')!;
		const requests = await run('getJoinRequests', { groupId, returnAll: true });
		expect(requests.map((r) => r.wa_id)).toEqual(['16505551234', '16505555678']);
		const [approved] = await run('approveJoinRequests', {
			groupId,
			joinRequestIds: `${jim}, nope`,
		});
		expect(approved).toMatchObject({
			approved_join_requests: [jim],
			failed_join_requests: [{ join_request_id: 'nope' }],
		});
		expect(await run('rejectJoinRequests', { groupId, joinRequestIds: ann })).toEqual([
			{ messaging_product: 'whatsapp', rejected_join_requests: [ann] },
		]);
		expect(stub.groups.groups.get(groupId)?.participants).toEqual(['16505551234']);

		await run('removeParticipants', { groupId, participants: '+16505551234' });
		expect(stub.groups.groups.get(groupId)?.participants).toEqual([]);
		expect(await run('delete', { groupId })).toEqual([{ deleted: true }]);
		expect(stub.groups.groups.has(groupId)).toBe(false);
	});

	it(`takes at most ${MAX_PARTICIPANTS} participants`, async () => {
		const [created] = await run('create', { subject: 'Full' });
		const groupId = stub.groups.created(String(created.request_id))!.groupId;
		for (let i = 0; i < MAX_PARTICIPANTS; i++) stub.groups.requestToJoin(groupId, `1650555000${i}`);
		await call(stub, 'POST', `/${groupId}`, {
			token,
			json: { messaging_product: 'whatsapp', subject: 'Still full' },
		});
		const [info] = await run('get', { groupId, fields: ['total_participant_count'] });
		expect(info.total_participant_count).toBe(MAX_PARTICIPANTS);
		stub.groups.groups.get(groupId)!.joinApprovalMode = 'approval_required';
		const late = stub.groups.requestToJoin(groupId, '16505559999')!;
		const [answer] = await run('approveJoinRequests', { groupId, joinRequestIds: late });
		expect(answer).toMatchObject({
			approved_join_requests: [],
			failed_join_requests: [
				{
					join_request_id: late,
					errors: [
						{ error_data: { details: `The group already has ${MAX_PARTICIPANTS} participants` } },
					],
				},
			],
		});
	});

	it('refuses a subject Meta would not take, as Meta does', async () => {
		const answer = await call(stub, 'POST', `/${NUMBER}/groups`, {
			token,
			json: { messaging_product: 'whatsapp', subject: '   ' },
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({
			code: 100,
			error_data: { details: 'subject is required' },
		});
	});
});
