import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as getAll from './getAll.operation';

export const activity: Resource = {
	option: { name: 'Activity', value: 'activity' },
	defaultOperation: 'getAll',
	parameters: [wabaIdFor('activity')],
	operations: [getAll],
};
