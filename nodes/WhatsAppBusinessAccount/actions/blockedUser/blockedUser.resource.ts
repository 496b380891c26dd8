import { phoneNumberIdProperty } from '../common';
import type { Resource } from '../operation';
import * as block from './block.operation';
import * as getAll from './getAll.operation';
import * as unblock from './unblock.operation';

export const blockedUser: Resource = {
	option: { name: 'Blocked User', value: 'blockedUser' },
	defaultOperation: 'block',
	parameters: [
		phoneNumberIdProperty(
			{ resource: ['blockedUser'] },
			'The ID of the business phone number whose blocklist this is (not the number itself)',
		),
	],
	operations: [block, unblock, getAll],
};
