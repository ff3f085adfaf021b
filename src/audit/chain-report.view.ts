import { ApiProperty } from '@nestjs/swagger';
import { CHAIN_PROBLEMS, type ChainBreak, type ChainProblem, type ChainReport } from './audit-verifier.service.js';

export class ChainAnchorView {
  @ApiProperty({ description: '校验点写入时间（UTC）' })
  at!: string;
  @ApiProperty({ description: '校验点时链上最后一行的编号' })
  lastId!: number;
  @ApiProperty({ description: '校验点时链上的记录条数' })
  count!: number;
  @ApiProperty({ description: '校验点时链头的摘要（sha256）' })
  headDigest!: string;
}

export class ChainBreakView {
  @ApiProperty({ description: '链最先断开处的行编号（截断时为校验点记下、现已不存在的行）', type: Number, nullable: true })
  id!: number | null;
  @ApiProperty({ description: '该处应有的链序号', type: Number, nullable: true })
  seq!: number | null;
  @ApiProperty({
    description:
      '问题：content 内容被修改，link 链接断开，missing 缺行，order 顺序被改动，unchained 行不在链上，forged 链头之后多出的行，truncated 最新记录被删除，anchor 与校验点不符',
    enum: CHAIN_PROBLEMS,
  })
  problem!: ChainProblem;
  @ApiProperty({ description: '说明', example: '第 12 行的内容与其摘要不符：记录被修改' })
  detail!: string;
}

/** The outcome of walking the audit chain. */
export class ChainReportView {
  @ApiProperty({ description: '链完整且与最新校验点相符' })
  ok!: boolean;
  @ApiProperty({ description: '按顺序核验通过的记录条数（完整时即全部）' })
  count!: number;
  @ApiProperty({ description: '核验通过的最后一行编号', type: Number, nullable: true })
  lastId!: number | null;
  @ApiProperty({ description: '核验通过的最后一条记录的摘要（链头）' })
  headDigest!: string;
  @ApiProperty({ description: '用于比对的最新有效校验点', type: ChainAnchorView, nullable: true })
  anchor!: ChainAnchorView | null;
  @ApiProperty({ description: '校验点文件中签名无效或无法读取而被忽略的行数' })
  ignoredAnchors!: number;
  @ApiProperty({ description: '最先发现的问题；完整时为 null', type: ChainBreakView, nullable: true })
  firstBroken!: ChainBreakView | null;
}

export function mapChainReport(r: ChainReport): ChainReportView {
  const brk = (b: ChainBreak): ChainBreakView => ({ id: b.id, seq: b.seq, problem: b.problem, detail: b.detail });
  return {
    ok: r.ok,
    count: r.count,
    lastId: r.lastId,
    headDigest: r.headDigest,
    anchor: r.anchor ? { at: r.anchor.at, lastId: r.anchor.lastId, count: r.anchor.count, headDigest: r.anchor.headDigest } : null,
    ignoredAnchors: r.ignoredAnchors,
    firstBroken: r.firstBroken ? brk(r.firstBroken) : null,
  };
}
