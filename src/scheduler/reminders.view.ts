import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_STATES, type AssignmentState } from '../../workflows/assignment.machine.js';

export class RemindedCenterResponse {
  @ApiProperty({ description: '任务编号', format: 'uuid' })
  assignmentId!: string;

  @ApiProperty({ description: '被催办单位的名称', example: '天津市心血管内科医疗质量控制中心' })
  organisation!: string;

  @ApiProperty({ description: '任务状态', enum: ASSIGNMENT_STATES, enumName: 'AssignmentState' })
  state!: AssignmentState;
}

/** What a 催办 reached: how many centers, when, which. */
export class ReminderSentResponse {
  @ApiProperty({ description: '催办的单位数', type: 'integer', example: 3 })
  sent!: number;

  @ApiProperty({ description: '催办时刻', format: 'date-time', example: '2022-04-27T10:00:00+08:00' })
  at!: string;

  @ApiProperty({ type: () => [RemindedCenterResponse] })
  centers!: RemindedCenterResponse[];
}
