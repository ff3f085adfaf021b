/**
 * The pages of the web app (web/src/router.ts) a mail points to, as absolute
 * addresses under APP_URL: a recipient lands on the very page the mail
 * is about (signing in first when needed; the app returns them there).
 */
export interface PageLinks {
  /** 填报 / 审核 page of one center's task: `/assignments/:id`. */
  assignment(id: string): string;
  /** The notice's 进度看板: `/notices/:id/board`. */
  noticeBoard(id: string): string;
}

export function pageLinks(appUrl: string): PageLinks {
  const base = appUrl.replace(/\/+$/, '');
  const at = (...segments: string[]) => `${base}/${segments.map(encodeURIComponent).join('/')}`;
  return {
    assignment: (id) => at('assignments', id),
    noticeBoard: (id) => at('notices', id, 'board'),
  };
}
