import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as get from './get.operation';
import * as update from './update.operation';

export const account: Resource = {
	option: { name: 'Account', value: 'account' },
	defaultOperation: 'get',
	parameters: [wabaIdFor('account')],
	operations: [get, update],
};
