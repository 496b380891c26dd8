import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as getAll from './getAll.operation';
import * as subscribe from './subscribe.operation';
import * as unsubscribe from './unsubscribe.operation';

export const subscribedApp: Resource = {
	option: { name: 'Subscribed App', value: 'subscribedApp' },
	defaultOperation: 'list',
	parameters: [wabaIdFor('subscribedApp')],
	operations: [getAll, subscribe, unsubscribe],
};
