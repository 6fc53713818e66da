import { describe, expect, it } from 'vitest';
import { outcomeAnnouncement, progressAnnouncement, searchAnnouncement } from '../../../src/renderer/src/lib/announcements';

describe('live region texts (issue 21)', () => {
  it('says a classifier epoch with loss, both accuracies and the time left', () => {
    const last = { epoch: 2, loss: 0.51234, trainAccuracy: 0.8123, testAccuracy: 0.80149 };
    expect(progressAnnouncement('en', { last, epochs: 10, etaMs: 12_400 })).toBe(
      'Epoch 2 of 10: loss 0.5123, train accuracy 81.2%, test accuracy 80.1%. About 12 s left.',
    );
    expect(progressAnnouncement('zh', { last, epochs: 10, etaMs: 12_400 })).toBe('第 2/10 轮：损失 0.5123，训练准确率 81.2%，测试准确率 80.1%。约剩 12 s。');
  });

  it('leaves out what a run does not have: accuracies of a regression, the time left before a pace', () => {
    expect(progressAnnouncement('en', { last: { epoch: 1, loss: 0.25 }, epochs: 3 })).toBe('Epoch 1 of 3: loss 0.25.');
    expect(progressAnnouncement('en', { last: { epoch: 1, loss: null, testAccuracy: null }, epochs: 3, etaMs: Number.NaN })).toBe('Epoch 1 of 3: loss —.');
  });

  it('says how a run ended, with the final loss and test accuracy when there are any', () => {
    expect(outcomeAnnouncement('en', 'completed', { epoch: 1, loss: 0.6, trainAccuracy: 0.79, testAccuracy: 0.8231 })).toBe(
      'Training completed. Final training loss 0.6. Test accuracy 82.3%.',
    );
    expect(outcomeAnnouncement('zh', 'completed', { epoch: 1, loss: 0.6, testAccuracy: 0.8231 })).toBe('训练完成。最终训练损失 0.6。测试准确率 82.3%。');
    expect(outcomeAnnouncement('en', 'cancelled', undefined)).toBe('Training stopped.');
    expect(outcomeAnnouncement('en', 'diverged', { epoch: 1, loss: null })).toBe('Training diverged: the loss stopped being a finite number.');
    expect(outcomeAnnouncement('en', 'failed', undefined)).toBe('Training failed.');
  });

  it('counts search results in both languages, singular and none included', () => {
    expect(searchAnnouncement('en', 3, 'relu')).toBe('3 results for “relu”');
    expect(searchAnnouncement('en', 1, 'relu')).toBe('1 result for “relu”');
    expect(searchAnnouncement('en', 0, 'qq')).toBe('No results for “qq”');
    expect(searchAnnouncement('zh', 3, '梯度')).toBe('“梯度”有 3 条结果');
    expect(searchAnnouncement('en', 2, 'x'.repeat(100))).toBe(`2 results for “${'x'.repeat(60)}…”`);
  });
});
