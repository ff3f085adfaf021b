import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Label } from './labels.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?page=&pageSize=` on every list: page 1 first; the total travels in `X-Total-Count`. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: '页码，从 1 开始', type: 'integer', minimum: 1, maximum: 1_000_000, default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  @Label('页码')
  page?: number;

  @ApiPropertyOptional({
    description: `每页条数（默认 ${DEFAULT_PAGE_SIZE}，最多 ${MAX_PAGE_SIZE}）`,
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    example: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @Label('每页条数')
  pageSize?: number;
}

export interface Page {
  skip: number;
  take: number;
}

export function pageOf(query: PageQueryDto): Page {
  const take = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return { skip: ((query.page ?? 1) - 1) * take, take };
}

/** One page of a list and how many there are in all. */
export interface Paged<T> {
  items: T[];
  total: number;
}

/** A response to which a controller can add headers (express and Fastify both offer `header`). */
export interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** The body stays the array the contract promises; the total and the page travel in headers. */
export function sendPage<T>(res: HeaderSink, query: PageQueryDto, paged: Paged<T>): T[] {
  const { take } = pageOf(query);
  res.header('X-Total-Count', String(paged.total));
  res.header('X-Page', String(query.page ?? 1));
  res.header('X-Page-Size', String(take));
  return paged.items;
}
