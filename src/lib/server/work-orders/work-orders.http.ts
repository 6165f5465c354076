/** The route layer's side of the work-order JSON endpoints (shared with every area). */
export { handle, jsonBody, pathId, query, refusalResponse } from '../http/refusal.ts';
