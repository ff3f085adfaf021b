import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class InboxNoticeRefView {
  @ApiProperty({ description: '公文编号' })
  id!: string;

  @ApiProperty({ description: '文号（印发前为 null）', type: String, nullable: true, example: '津卫医政〔2022〕1号' })
  docNumber!: string | null;

  @ApiProperty({ description: '标题' })
  title!: string;
}

export class InboxOrganisationRefView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: 'qc-cardio' })
  code!: string;

  @ApiProperty({ example: '天津市心血管内科医疗质量控制中心' })
  name!: string;
}

export class InboxAssignmentRefView {
  @ApiProperty({ description: '任务编号' })
  id!: string;

  @ApiProperty({ description: '承办单位', type: InboxOrganisationRefView })
  organisation!: InboxOrganisationRefView;
}

export class InboxActView {
  @ApiProperty({ description: '操作（事件名）', example: 'SUBMIT' })
  event!: string;

  @ApiProperty({ description: '操作的中文名', example: '提交' })
  label!: string;

  @ApiProperty({ description: '办理时间（带时区）', example: '2022-04-25T10:00:00+08:00' })
  at!: string;
}

/** One line of 待办 or 已办. */
export class InboxItemView {
  @ApiProperty({ description: '对象类型（已办还可能是账号 user、机构 organisation）', enum: ['notice', 'assignment', 'user', 'organisation'] })
  kind!: 'notice' | 'assignment' | 'user' | 'organisation';

  @ApiProperty({ description: '待办：当前环节（待签收、待填报、待审核、待反馈、待签发…）；已办：所办操作', example: '待签收' })
  what!: string;

  @ApiProperty({ description: '所属公文', type: InboxNoticeRefView, nullable: true })
  notice!: InboxNoticeRefView | null;

  @ApiProperty({ description: '所属任务（对象为公文时为 null）', type: InboxAssignmentRefView, nullable: true })
  assignment!: InboxAssignmentRefView | null;

  @ApiProperty({ description: '对象现在的状态', type: String, nullable: true, example: 'assigned' })
  state!: string | null;

  @ApiProperty({ description: '状态的中文名', type: String, nullable: true, example: '待签收' })
  stateLabel!: string | null;

  @ApiPropertyOptional({ description: '待办：我现在可以执行的操作', type: [String], example: ['ACKNOWLEDGE'] })
  nextEvents?: string[];

  @ApiPropertyOptional({ description: '待办：有效截止时间（任务含延期或退回后的重新报送期限）', type: String, nullable: true })
  deadline?: string | null;

  @ApiPropertyOptional({ description: '待办：截止时间的中文写法', type: String, nullable: true, example: '2022年4月29日（星期五）9:00前' })
  deadlineText?: string | null;

  @ApiPropertyOptional({ description: '已办：我本人所办的操作', type: InboxActView })
  act?: InboxActView;
}
