import { describe, expect, it } from 'vitest';
import type { SelfCondition } from '@/api/self_evaluations';
import {
  answersPayload,
  conditionName,
  draftAnswers,
  gapOf,
  reasonsByCondition,
  reasonsOf,
  unanswered,
} from '@/logic/self_evaluation';

const conditions: SelfCondition[] = [
  {
    id: 'requirement:above_scale',
    text: '企业应为规模以上工业企业。',
    required: true,
    clause: '《智能工厂梯度培育要素条件》一、基础要求 第1条',
  },
  {
    id: 'content:研发设计',
    text: '研发设计：开展产品、工艺数字化研发设计。',
    required: false,
    clause: '',
  },
  {
    id: 'content:生产作业',
    text: '生产作业：开展关键装备和工艺数字化升级。',
    required: true,
    clause: '二、基础级智能工厂（一）建设内容',
  },
];

describe('draftAnswers', () => {
  it('starts every condition unchosen and empty', () => {
    const a = draftAnswers(conditions);
    expect(Object.keys(a)).toEqual(conditions.map((c) => c.id));
    expect(a['content:生产作业']).toEqual({ met: null, evidence: '' });
  });
  it('takes back the answers of a returned filing to fix and resend', () => {
    const a = draftAnswers(conditions, [
      { id: 'content:生产作业', met: true, evidence: 'MES 上线' },
      { id: 'gone', met: true, evidence: 'x' },
    ]);
    expect(a['content:生产作业']).toEqual({ met: true, evidence: 'MES 上线' });
    expect(a.gone).toBeUndefined();
  });
});

describe('answersPayload', () => {
  it('sends every condition, unchosen ones as not met, explanations trimmed', () => {
    const a = draftAnswers(conditions);
    a['requirement:above_scale'] = { met: true, evidence: '  规上企业  ' };
    expect(answersPayload(conditions, a)).toEqual([
      { id: 'requirement:above_scale', met: true, evidence: '规上企业' },
      { id: 'content:研发设计', met: false, evidence: '' },
      { id: 'content:生产作业', met: false, evidence: '' },
    ]);
  });
});

describe('unanswered', () => {
  it('lists the required conditions not yet met with an explanation', () => {
    const a = draftAnswers(conditions);
    expect(unanswered(conditions, a)).toEqual([
      { id: 'requirement:above_scale', gap: 'unchosen' },
      { id: 'content:生产作业', gap: 'unchosen' },
    ]);
    a['requirement:above_scale'] = { met: true, evidence: ' ' };
    a['content:生产作业'] = { met: false, evidence: '在建' };
    expect(unanswered(conditions, a)).toEqual([
      { id: 'requirement:above_scale', gap: 'no_evidence' },
      { id: 'content:生产作业', gap: 'not_met' },
    ]);
    a['requirement:above_scale'] = { met: true, evidence: '规上企业' };
    a['content:生产作业'] = { met: true, evidence: '关键工序自动化' };
    expect(unanswered(conditions, a)).toEqual([]);
  });
  it('never asks for an optional condition', () => {
    expect(gapOf(conditions[1]!, undefined)).toBeNull();
    expect(gapOf(conditions[0]!, undefined)).toBe('unchosen');
  });
});

describe('reasonsByCondition', () => {
  it('places each server reason beside the condition it quotes', () => {
    const r = reasonsByCondition(conditions, [
      '请说明如何满足：企业应为规模以上工业企业。',
      '未满足基础级条件：生产作业：开展关键装备和工艺数字化升级。（二、基础级智能工厂（一）建设内容）',
      '请填写工厂名称',
      '“content:研发设计”填写了两次',
    ]);
    expect(r.byCondition['requirement:above_scale']).toEqual([
      '请说明如何满足：企业应为规模以上工业企业。',
    ]);
    expect(r.byCondition['content:生产作业']).toHaveLength(1);
    expect(r.byCondition['content:研发设计']).toEqual(['“content:研发设计”填写了两次']);
    expect(r.other).toEqual(['请填写工厂名称']);
  });
  it('reads the reasons of an error’s details, ignoring anything else', () => {
    expect(reasonsOf({ reasons: ['a', 3, 'b'] })).toEqual(['a', 'b']);
    expect(reasonsOf({})).toEqual([]);
  });
});

describe('conditionName', () => {
  it('names requirements by their article and content by its 环节', () => {
    expect(conditionName(conditions[0]!, 0)).toBe('基础要求第1条');
    expect(conditionName(conditions[2]!, 2)).toBe('建设内容·生产作业');
    expect(conditionName({ id: 'x', text: 't', required: false, clause: '' }, 4)).toBe('第5项条件');
  });
});
