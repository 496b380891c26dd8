import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	envelope,
	fail,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendContacts');

const typeOption = (values: string[]): INodeProperties => ({
	displayName: 'Type',
	name: 'type',
	type: 'options',
	default: 'CELL',
	options: values.map((value) => ({ name: value.charAt(0) + value.slice(1).toLowerCase(), value })),
});

export const option: OperationOption = {
	name: 'Send Contacts',
	value: 'sendContacts',
	description: `Send a contact card with name, phone numbers, email and company ${TO_ANY_RECIPIENT}`,
	action: 'Send contact card',
};

export const description: INodeProperties[] = [
	...sendProperties('sendContacts'),
	{
		displayName: 'Formatted Name',
		name: 'formattedName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Barbara J. Johnson',
		description: "The contact's full name as the card shows it",
		displayOptions: { show },
	},
	{
		displayName: 'Phone Numbers',
		name: 'phones',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Phone Number',
		default: {},
		description: "The contact's phone numbers",
		displayOptions: { show },
		options: [
			{
				displayName: 'Phone Number',
				name: 'phone',
				values: [
					{
						displayName: 'Phone',
						name: 'phone',
						type: 'string',
						default: '',
						placeholder: 'e.g. +1 (940) 555-1234',
					},
					typeOption(['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK']),
					{
						displayName: 'WhatsApp ID',
						name: 'wa_id',
						type: 'string',
						default: '',
						placeholder: 'e.g. 19405551234',
						description: "The number's WhatsApp ID, which adds a Message button to the card",
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
			},
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Job Title', name: 'title', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'Website',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://www.example.com',
				default: '',
			},
			...sendOptions(),
		],
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const formattedName = String(this.getNodeParameter('formattedName', itemIndex, '') ?? '').trim();
	if (!formattedName) fail(this, itemIndex, 'Formatted Name is empty');
	const phones = ((this.getNodeParameter('phones', itemIndex, {}) as IDataObject).phone ??
		[]) as IDataObject[];
	const name: IDataObject = { formatted_name: formattedName };
	if (String(options.firstName ?? '').trim()) name.first_name = String(options.firstName).trim();
	if (String(options.lastName ?? '').trim()) name.last_name = String(options.lastName).trim();
	const contact: IDataObject = { name };
	const phoneList = phones.map((p, index) => {
		const phone = String(p.phone ?? '').trim();
		if (!phone) fail(this, itemIndex, `Phone Numbers ${index + 1}: Phone is empty`);
		return {
			phone,
			type: p.type ?? 'CELL',
			...(String(p.wa_id ?? '').trim() ? { wa_id: String(p.wa_id).trim() } : {}),
		};
	});
	if (phoneList.length) contact.phones = phoneList;
	if (String(options.email ?? '').trim())
		contact.emails = [{ email: String(options.email).trim(), type: 'WORK' }];
	if (String(options.url ?? '').trim())
		contact.urls = [{ url: String(options.url).trim(), type: 'WORK' }];
	if (String(options.company ?? '').trim() || String(options.title ?? '').trim()) {
		contact.org = {
			...(String(options.company ?? '').trim() ? { company: String(options.company).trim() } : {}),
			...(String(options.title ?? '').trim() ? { title: String(options.title).trim() } : {}),
		};
	}
	const { target, fields } = envelope(this, itemIndex, options);
	return {
		phoneNumberId: target.phoneNumberId,
		payload: { ...fields, type: 'contacts', contacts: [contact] },
	};
}

export const execute = sending(prepare);
