import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import type { OperationOption } from '../operation';
import { getCallPhoneNumberId } from './common';

export const option: OperationOption = {
	name: 'Get Settings',
	value: 'getSettings',
	description:
		"Get the number's calling settings: calling on or off, call button, call hours and holidays, callback requests, SIP",
	action: 'Get calling settings',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getCallPhoneNumberId(this, itemIndex);
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/settings`,
		itemIndex,
	});
}
