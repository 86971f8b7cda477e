// The one-line text shown for a failure: a Kafka error's own message (from this bundle or the lazily
// loaded client's copy of the class), any other error's message, or the thrown value as text.

import * as assert from 'node:assert/strict';
import { errorText } from '../../src/liveGroups/errorText';
import { KafkaOperationError } from '../../src/kafka/kafkaErrors';

describe('errorText', () => {
  it('shows a Kafka error as its one-line message', () => {
    const error = new KafkaOperationError('unknownGroup', 'Group orders\nnot found.');
    assert.equal(errorText(error), 'Group orders not found.');
  });

  it('recognises a Kafka error made by the other bundle (same brand, not the same class)', () => {
    const fromClientBundle = {
      brand: 'kafkaOffsetTrace.KafkaOperationError',
      kind: 'timeout',
      message: 'timed out after 3000 ms while listing consumer groups',
    };
    assert.equal(errorText(fromClientBundle), 'timed out after 3000 ms while listing consumer groups');
  });

  it('shows any other Error by its message', () => {
    assert.equal(errorText(new Error('no cluster named "prod"')), 'no cluster named "prod"');
    assert.equal(errorText(new TypeError('bad value')), 'bad value');
  });

  it('shows a thrown non-error as text', () => {
    assert.equal(errorText('plain text'), 'plain text');
    assert.equal(errorText(42), '42');
    assert.equal(errorText(undefined), 'undefined');
    assert.equal(errorText({ message: 'looks like an error' }), '[object Object]');
  });
});
