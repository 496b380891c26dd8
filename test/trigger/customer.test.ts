/**
 * Message mode: every message and status item names its customer in one shape (phone, BSUID,
 * parent BSUID, username, name), matched to its contact by phone or by BSUID, and carries what a
 * reply needs (phoneNumberId, messageId). Number and BSUID changes are identity_change items.
 */
import * as fs from 'fs';
import * as path from 'path';

import { FIXTURES_DIR, payloadFiles } from '../../scripts/lib/fixtures';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type DeliveryOptions,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';

const SECRET = 'customer-test-secret';

function run(
	raw: Buffer,
	outputMode: OutputMode = 'message',
	extra: Partial<DeliveryOptions> = {},
): Array<Record<string, any>> {
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
		...extra,
	});
	expect(result.status).toBe(200);
	return [...(result.outputs?.[0] ?? []), ...(result.outputs?.[1] ?? [])] as ChangeItem[] as Array<
		Record<string, any>
	>;
}

const messagesFixture = (name: string) =>
	fs.readFileSync(path.join(FIXTURES_DIR, 'webhooks', 'messages', `${name}.json`));
const items = (name: string) => run(messagesFixture(name));

const SHEENA_PHONE = '16505551234';
const BSUID = 'US.13491208655302741918';
const PARENT = 'US.ENT.11815799212886844830';

describe('customer on message items, whatever subset of identifiers Meta sent', () => {
	test('phone only', () => {
		const [item] = items('text');
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: null,
			parentUserId: null,
			username: null,
			name: 'Sheena Nelson',
		});
		expect(item.contact.wa_id).toBe(SHEENA_PHONE);
	});

	test('phone and BSUID', () => {
		const [item] = items('text-phone-and-bsuid');
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: BSUID,
			parentUserId: null,
			username: null,
			name: 'Sheena Nelson',
		});
	});

	test('BSUID only, with a username: no phone', () => {
		const [item] = items('bsuid-text');
		expect(item.customer).toEqual({
			phone: null,
			userId: BSUID,
			parentUserId: null,
			username: 'sheena.plants',
			name: 'Sheena Nelson',
		});
		expect(item.contact.user_id).toBe(BSUID);
	});

	test('BSUID and parent BSUID, with a username', () => {
		const [item] = items('text-bsuid-parent-username');
		expect(item.customer).toEqual({
			phone: null,
			userId: BSUID,
			parentUserId: PARENT,
			username: '@pablomorales',
			name: 'Pablo M.',
		});
	});

	test('two senders known only by BSUID: each message gets its own contact, not the first one', () => {
		const [first, second] = items('two-senders-bsuid-only');
		expect(first.customer).toMatchObject({
			userId: 'US.24817305912873645029',
			username: '@realsheenanelson',
			name: 'Sheena Nelson',
		});
		expect(first.contact.user_id).toBe('US.24817305912873645029');
		expect(second.customer).toMatchObject({
			userId: BSUID,
			username: '@pablomorales',
			name: 'Pablo M.',
		});
		expect(second.contact.user_id).toBe(BSUID);
	});

	test('a group message: the sender is the customer, the group is groupId', () => {
		const [item] = items('group-text');
		expect(item.customer.phone).toBe(SHEENA_PHONE);
		expect(item.groupId).toBe('Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD');
	});

	test('a contact whose phone or BSUID is another user’s is never taken as the sender’s', () => {
		const body = JSON.parse(messagesFixture('text-phone-and-bsuid').toString());
		const value = body.entry[0].changes[0].value;
		value.contacts = [
			{ profile: { name: 'Somebody Else' }, wa_id: '4915112345678', user_id: 'DE.999' },
		];
		const [item] = run(Buffer.from(JSON.stringify(body)));
		expect(item.contact).toBeNull();
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: BSUID,
			parentUserId: null,
			username: null,
			name: null,
		});
	});
});

describe('customer on status items', () => {
	test('phone only', () => {
		const [item] = items('status-delivered');
		expect(item.customer).toMatchObject({
			phone: item.value.recipient_id,
			userId: null,
			parentUserId: null,
		});
		expect(item.groupId).toBeNull();
	});

	test('BSUID and parent BSUID without a phone, matched to the contact by BSUID', () => {
		const [item] = items('status-delivered-bsuid-only');
		expect(item.customer).toEqual({
			phone: null,
			userId: BSUID,
			parentUserId: PARENT,
			username: '@pablomorales',
			name: 'Pablo M.',
		});
		expect(item.contact.user_id).toBe(BSUID);
	});

	test('phone, BSUID and parent BSUID', () => {
		const [item] = items('status-delivered-bsuid-parent-with-phone');
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: BSUID,
			parentUserId: PARENT,
			username: '@pablomorales',
			name: 'Pablo M.',
		});
	});

	test('a group status is about its participant (recipient_participant_*), the group is groupId', () => {
		const [item] = items('status-group-read-bsuid');
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: BSUID,
			parentUserId: PARENT,
			username: '@realsheenanelson',
			name: 'Sheena Nelson',
		});
		expect(item.groupId).toBe(item.value.recipient_id);
	});

	test('a group status naming its participant participant_recipient_id', () => {
		const [item] = items('status-group-delivered-participant-recipient-id');
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: null,
			parentUserId: null,
			username: null,
			name: null,
		});
	});
});

describe('every message and status item of every messages fixture', () => {
	const dir = path.join(FIXTURES_DIR, 'webhooks', 'messages');
	const files = payloadFiles(dir).map((file) => path.basename(file));

	test.each(files)(
		'%s: customer has the five keys, messageId is the wamid, the contact agrees with the customer',
		(file) => {
			for (const item of run(fs.readFileSync(path.join(dir, file)))) {
				if (item.kind === 'error') {
					expect(item.customer).toBeUndefined();
					continue;
				}
				if (item.kind === undefined) {
					// a change with no message, status or error (user_actions: clicks on marketing
					// messages, which name no user) stays one change item
					expect(item.value.messages ?? item.value.statuses ?? item.value.errors).toBeUndefined();
					expect(item.customer).toBeUndefined();
					continue;
				}
				expect(Object.keys(item.customer).sort()).toEqual([
					'name',
					'parentUserId',
					'phone',
					'userId',
					'username',
				]);
				for (const v of Object.values(item.customer))
					expect(v === null || typeof v === 'string').toBe(true);
				expect(item.messageId).toBe(item.value.id);
				expect(item.phoneNumberId).toBe(item.metadata.phone_number_id);
				if (item.kind !== 'identity_change' && item.contact) {
					if (item.contact.wa_id !== undefined)
						expect(item.customer.phone).toBe(item.contact.wa_id);
					if (item.contact.user_id !== undefined)
						expect(item.customer.userId).toBe(item.contact.user_id);
				}
			}
		},
	);
});

describe('number and BSUID changes are identity_change items', () => {
	test('user_changed_number: the old phone in previousCustomer, the new one in customer', () => {
		const [item] = items('system-user-changed-number');
		expect(item).toMatchObject({
			kind: 'identity_change',
			event: 'user_changed_number',
			messageId: item.value.id,
		});
		expect(item.previousCustomer).toEqual({
			phone: SHEENA_PHONE,
			userId: null,
			parentUserId: null,
			username: null,
			name: null,
		});
		expect(item.customer).toEqual({
			phone: '12195555358',
			userId: null,
			parentUserId: null,
			username: null,
			name: null,
		});
	});

	test('user_changed_number from a user with a BSUID: the new BSUID comes with the new number', () => {
		const [item] = items('system-user-changed-number-with-bsuid');
		expect(item.previousCustomer).toMatchObject({ phone: SHEENA_PHONE, userId: BSUID });
		expect(item.customer).toMatchObject({
			phone: '12195555358',
			userId: 'US.35928416023984756130',
		});
	});

	test('user_changed_user_id: the BSUIDs change, no phone', () => {
		const [item] = items('system-user-changed-user-id');
		expect(item).toMatchObject({ kind: 'identity_change', event: 'user_changed_user_id' });
		expect(item.previousCustomer).toEqual({
			phone: null,
			userId: BSUID,
			parentUserId: PARENT,
			username: null,
			name: null,
		});
		expect(item.customer).toEqual({
			phone: null,
			userId: 'US.24817305912873645029',
			parentUserId: 'US.ENT.22918800323997955941',
			username: null,
			name: null,
		});
	});

	test("user_changed_user_id with Meta's previous ids (Aug 2026): previousCustomer and customer as stated", () => {
		const [item] = items('system-user-changed-user-id-previous-ids');
		expect(item.validation).toEqual({ valid: true, errors: [] });
		expect(item.previousCustomer).toMatchObject({ userId: BSUID, parentUserId: PARENT });
		expect(item.customer).toMatchObject({
			userId: 'US.24817305912873645029',
			parentUserId: 'US.ENT.22918800323997955941',
		});
	});

	test('the previous BSUID the system message states fills in a sender without from_user_id', () => {
		const body = JSON.parse(
			messagesFixture('system-user-changed-number-previous-user-id').toString(),
		);
		delete body.entry[0].changes[0].value.messages[0].from_user_id;
		const [item] = run(Buffer.from(JSON.stringify(body)));
		expect(item.validation.valid).toBe(true);
		expect(item.previousCustomer).toMatchObject({ phone: SHEENA_PHONE, userId: BSUID });
		expect(item.customer).toMatchObject({
			phone: '12195555358',
			userId: 'US.35928416023984756130',
		});
	});

	test("the stated previous BSUIDs come before the sender's own", () => {
		const body = JSON.parse(messagesFixture('system-user-changed-user-id-previous-ids').toString());
		const message = body.entry[0].changes[0].value.messages[0];
		message.from_user_id = 'US.99999999999999999999';
		message.from_parent_user_id = 'US.ENT.99999999999999999999';
		const [item] = run(Buffer.from(JSON.stringify(body)));
		expect(item.previousCustomer).toMatchObject({ userId: BSUID, parentUserId: PARENT });
	});

	test('the older customer_changed_number (API before v12, new_wa_id) is one too', () => {
		const body = JSON.parse(messagesFixture('system-user-changed-number').toString());
		body.entry[0].changes[0].value.messages[0].system = {
			body: 'User A changed from 16505551234 to 12195555358',
			new_wa_id: '12195555358',
			type: 'customer_changed_number',
		};
		const [item] = run(Buffer.from(JSON.stringify(body)));
		expect(item).toMatchObject({
			kind: 'identity_change',
			event: 'customer_changed_number',
			customer: { phone: '12195555358' },
		});
	});

	test('a security code change (customer_identity_changed) stays a message', () => {
		const [item] = items('system-customer-identity-changed');
		expect(item).toMatchObject({ kind: 'message', event: 'system' });
		expect(item.previousCustomer).toBeUndefined();
	});

	test('user_id_update: one identity_change item per user, with the name from the contact', () => {
		const raw = fs.readFileSync(
			path.join(FIXTURES_DIR, 'webhooks', 'user_id_update', 'bsuid-and-parent-changed.json'),
		);
		const list = run(raw);
		expect(list).toHaveLength(1);
		const [item] = list;
		expect(item).toMatchObject({
			field: 'user_id_update',
			kind: 'identity_change',
			event: 'user_id_update',
			phoneNumberId: '106540352242922',
			messageId: null,
			groupId: null,
		});
		expect(item.contact.wa_id).toBe(SHEENA_PHONE);
		expect(item.previousCustomer).toEqual({
			phone: SHEENA_PHONE,
			userId: 'US.13491208655302741918',
			parentUserId: 'US.ENT.11815799212886844830',
			username: null,
			name: 'Sheena Nelson',
		});
		expect(item.customer).toEqual({
			phone: SHEENA_PHONE,
			userId: 'US.24817305912873645029',
			parentUserId: 'US.ENT.22918800323997955941',
			username: null,
			name: 'Sheena Nelson',
		});
		expect(item.dedupKey).toMatch(/^user_id_update:[0-9a-f]{32}$/);
		// in change mode it stays one change item, as before
		expect(run(raw, 'change')).toEqual([
			expect.objectContaining({
				field: 'user_id_update',
				event: null,
				value: expect.objectContaining({ user_id_update: expect.any(Array) }),
			}),
		]);
	});

	test('user_id_update of a user without a shared phone number', () => {
		const raw = fs.readFileSync(
			path.join(FIXTURES_DIR, 'webhooks', 'user_id_update', 'username-user-without-phone.json'),
		);
		const [item] = run(raw);
		expect(item.customer.phone).toBeNull();
		expect(item.previousCustomer.userId).not.toBe(item.customer.userId);
		expect(item.customer.userId).toBe(item.value.user_id.current);
	});

	test('a flagged user_id_update entry carries its own finding, not its neighbour’s', () => {
		const raw = fs.readFileSync(
			path.join(FIXTURES_DIR, 'webhooks', 'user_id_update', 'bsuid-and-parent-changed.json'),
		);
		const body = JSON.parse(raw.toString());
		const updates = body.entry[0].changes[0].value.user_id_update;
		updates.push({ ...updates[0], wa_id: '12195555358', novelty: 1 });
		const [first, second] = run(Buffer.from(JSON.stringify(body)));
		expect(first.validation.valid).toBe(true);
		expect(second.validation.errors).toEqual([
			expect.objectContaining({
				path: '/entry/0/changes/0/value/user_id_update/1/novelty',
				kind: 'unknown_property',
			}),
		]);
	});
});

test('the message statuses filter still leaves out statuses in message mode', () => {
	expect(
		run(messagesFixture('status-delivered'), 'message', { messageStatuses: ['read'] }),
	).toEqual([]);
});
