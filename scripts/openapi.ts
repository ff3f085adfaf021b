import { mkdirSync, writeFileSync } from 'node:fs';
import { CONTRACT_DIR, DOCUMENT_FILE, TYPES_FILE, renderContract } from './api-contract.js';

/** `npm run api:types`: writes openapi/openapi.json and openapi/schema.d.ts from the app's decorators. */
async function main(): Promise<void> {
  const { json, types } = await renderContract();
  mkdirSync(CONTRACT_DIR, { recursive: true });
  writeFileSync(DOCUMENT_FILE, json);
  writeFileSync(TYPES_FILE, types);
  console.log(`wrote ${DOCUMENT_FILE} and ${TYPES_FILE}`);
}

void main();
