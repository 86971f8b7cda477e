// The entry of the client bundle dist/kafkaClient.js, loaded on first use through kafkaClientLoader.ts:
// the inspector, the offset editor and the request counter. Only the modules it pulls in import
// @platformatic/kafka. Read-only except for the offset editor, which src/liveGroups decides about.

export { createKafkaInspector, type KafkaInspector } from './kafkaInspector';
export { startRequestCounter, type RequestCounter, type RequestStats } from './requestCounter';
/** The offset editor is bundled with the inspector and loaded with it. */
export { createKafkaOffsetEditor } from './kafkaOffsetEditor';
