import { phoneNumberIdProperty } from '../common';
import type { Resource } from '../operation';
import { codeProperty } from './common';
import * as create from './create.operation';
import * as deleteQrCode from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const qrCode: Resource = {
	option: { name: 'QR Code', value: 'qrCode' },
	defaultOperation: 'create',
	parameters: [
		phoneNumberIdProperty(
			{ resource: ['qrCode'] },
			'The ID of the business phone number the QR codes open a chat with (not the number itself)',
		),
		codeProperty(['get', 'update', 'delete']),
	],
	operations: [create, get, getAll, update, deleteQrCode],
};
