import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Label } from '../common/labels.js';
import { PageQueryDto } from '../common/paging.js';

export const INBOX_BOXES = ['todo', 'done'] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];

/** `GET /api/inbox`: 待办 (what to act on now) or 已办 (what one did), one page. */
export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'todo：待办（现在需要我办理的）；done：已办（我本人办理过的）', enum: INBOX_BOXES, default: 'todo' })
  @IsOptional()
  @IsIn(INBOX_BOXES)
  @Label('收件箱')
  box?: InboxBox;
}
