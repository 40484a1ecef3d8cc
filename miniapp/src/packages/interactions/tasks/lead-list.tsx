import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { SELECTION_ITEM_KIND_LABELS, type SelectionView } from '@alliance-hub/types';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { markSelectionHandled } from '../../../services/selections';
import { listOpenLeads } from '../../../services/tasks';
import { openQuickLog } from '../../../pages/me/interaction-routes';
import { useCursorList } from '../../../utils/use-cursor-list';
import { dueText } from '../task-actions';

/**
 * 点菜线索 in 我的待办: what representatives ticked at the events I work that nobody has handled
 * yet. 记一笔 opens the quick log with the person, organization and event filled in; 已处理 marks
 * the lead handled (the event's selections list shows the same).
 */
export function LeadList({ onTotal }: { onTotal: (total: number) => void }) {
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const page = await listOpenLeads({ cursor, limit: 20 });
      onTotal(page.total);
      return page;
    },
    [onTotal],
  );
  const list = useCursorList<SelectionView>(fetchPage);

  const handle = async (lead: SelectionView) => {
    try {
      await markSelectionHandled(lead.event.id, lead.id, true);
      list.setItems((items) => items.filter((item) => item.id !== lead.id));
      void Taro.showToast({ title: '已标记处理', icon: 'success' });
      void list.reload();
    } catch (failure) {
      const content = failure instanceof Error ? failure.message : '操作失败，请重试';
      void Taro.showModal({ title: '没有成功', content, showCancel: false });
    }
  };

  return (
    <PageShell
      loading={list.loading && !list.items}
      error={list.error}
      onRetry={() => void list.reload()}
      empty={list.items?.length === 0}
      emptyState={{
        title: '没有待处理的点菜线索',
        hint: '代表在你负责的活动上勾选成果或需求后，会出现在这里',
      }}
    >
      {list.items?.map((lead) => (
        <View key={lead.id} className="ah-card ah-task ah-task--lead" data-lead={lead.id}>
          <View className="ah-task__head">
            <Text className="ah-task__title">
              {SELECTION_ITEM_KIND_LABELS[lead.item.kind]}：{lead.item.title}
            </Text>
            <Text className="ah-task__due">{dueText(lead.createdAt)}</Text>
          </View>
          <Text className="ah-task__meta">
            {lead.person.name}
            {lead.organization ? ` · ${lead.organization.name}` : ''} 在「{lead.event.title}」选择
          </Text>
          {lead.note ? <Text className="ah-task__note">“{lead.note}”</Text> : null}
          <View className="ah-task__actions">
            <Button
              className="ah-task__button ah-task__button--primary"
              onClick={() =>
                openQuickLog({
                  personId: lead.person.id || undefined,
                  personName: lead.person.name || undefined,
                  orgId: lead.organization?.id,
                  orgName: lead.organization?.name,
                  eventId: lead.event.id,
                  eventTitle: lead.event.title,
                })
              }
            >
              记一笔
            </Button>
            <Button className="ah-task__button" onClick={() => void handle(lead)}>
              标记已处理
            </Button>
          </View>
        </View>
      ))}
      <ListFooter list={list} />
    </PageShell>
  );
}
