import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_PROGRESS_LABELS,
  DEMAND_VISIBILITY_LABELS,
  IP_KIND_LABELS,
  MATURITY_LABELS,
  ORG_KIND_LABELS,
  PUBLICATION_LIMITS,
  PUBLICATION_STATUS_LABELS,
  RejectBody,
  SELECTION_NOTE_MAX,
  SelectionCreateBody,
  TRANSFER_MODE_LABELS,
} from '@alliance-hub/types';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { KIND_NOUN, MATCHMAKING_ROUTES } from '../../../pages/matchmaking/matchmaking-routes';
import { STATUS_TONE, budgetText, priceText } from '../../../pages/matchmaking/publication-format';
import { expressInterest, listInterests, selectItem } from '../../../services/selections';
import { ApiError } from '../../../utils/api-error';
import { formatShanghaiTime } from '../../../utils/format-time';
import { ContactsCard } from '../components/contacts-card';
import { MatchSection } from '../components/match-section';
import { TextSheet } from '../components/text-sheet';
import { PublicationPage } from '../publication-page';
import {
  ACTION_COPY,
  rejectPublication,
  runLifecycle,
  type LifecycleAction,
  type PublicationDetail,
} from '../publication-api';
import '../matchmaking.scss';

const toast = (title: string, icon: 'success' | 'none' = 'none') => void Taro.showToast({ title, icon });
const when = (iso: string) => formatShanghaiTime(iso).slice(0, 16);
const messageOf = (failure: unknown, fallback: string) =>
  failure instanceof ApiError ? failure.message : fallback;

/** 成果/需求详情 (`?kind=&id=&eventId=`): what it is, who owns it, contacts, and what I can do with it. */
export default function PublicationDetailPage() {
  return (
    <PublicationPage>
      {(detail, replace) => <PublicationDetailView detail={detail} replace={replace} />}
    </PublicationPage>
  );
}

export function PublicationDetailView({
  detail,
  replace,
}: {
  detail: PublicationDetail;
  replace: (next: PublicationDetail) => void;
}) {
  const { params } = useRouter();
  const eventId = params.eventId || undefined;
  const { kind, item } = detail;
  const fields = useIndustryFields(true);
  const [sheet, setSheet] = useState<'interest' | 'reject' | null>(null);
  const [busy, setBusy] = useState(false);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const [interested, setInterested] = useState(false);

  useShareAppMessage(() => ({
    title: `${KIND_NOUN[kind]}｜${item.title}`,
    path: MATCHMAKING_ROUTES.detail(kind, item.id),
  }));

  const act = useCallback(
    async (action: LifecycleAction) => {
      const copy = ACTION_COPY[action];
      const { confirm } = await Taro.showModal({
        title: copy.title,
        content: copy.content,
        confirmText: copy.confirm,
        cancelText: '再想想',
      });
      if (!confirm) return;
      setBusy(true);
      try {
        replace(await runLifecycle(kind, item.id, action));
        toast(copy.done, 'success');
      } catch (failure) {
        toast(messageOf(failure, '操作失败，请稍后重试'));
      } finally {
        setBusy(false);
      }
    },
    [kind, item.id, replace],
  );

  const reject = async (reason: string) => {
    setBusy(true);
    setSheetError(null);
    try {
      replace(await rejectPublication(kind, item.id, reason));
      setSheet(null);
      toast('已驳回', 'success');
    } catch (failure) {
      setSheetError(messageOf(failure, '驳回失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  const interest = async (note: string) => {
    setBusy(true);
    setSheetError(null);
    const body = note ? { note } : {};
    try {
      // At an event it is a 点菜 tick; anywhere else an event-less lead for the staff.
      if (eventId) await selectItem(eventId, { itemKind: kind, itemId: item.id, ...body });
      else await expressInterest(kind, item.id, body);
      setInterested(true);
      setSheet(null);
      toast('已登记，工作人员会为你牵线', 'success');
    } catch (failure) {
      setSheetError(messageOf(failure, '登记失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  const startInterest = () => {
    setSheetError(null);
    setSheet('interest');
  };

  const share = () => {
    const url = `${window.location.origin}${MATCHMAKING_ROUTES.detail(kind, item.id)}`;
    void Taro.setClipboardData({ data: url }).then(() => toast('链接已复制', 'success'));
  };

  const labels = item.fields.map((code) => fieldLabel(fields, code));
  const { permissions } = item;
  const published = item.status === 'published';
  const mayReview = permissions.canReview && item.status === 'pending';
  const mayShowInterest = published && !permissions.canEdit;

  // Outside an event, 我感兴趣 is once per person and item: show it as done if it already is.
  useEffect(() => {
    if (eventId || !mayShowInterest) return undefined;
    let live = true;
    listInterests({ itemKind: kind, itemId: item.id, limit: 1 }).then(
      (page) => live && page.items.length > 0 && setInterested(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [eventId, mayShowInterest, kind, item.id]);

  return (
    <View className="ah-mm-detail" data-kind={kind} data-status={item.status}>
      <View className="ah-card">
        <View className="ah-mm-detail__tags">
          <Text className="ah-mm__tag">{kind === 'achievement' ? '科技成果' : '技术需求'}</Text>
          {kind === 'achievement' ? (
            <Text className={`ah-mm__tag ah-mm__tag--maturity-${detail.item.maturity}`}>
              {MATURITY_LABELS[detail.item.maturity]}
            </Text>
          ) : (
            <Text className={`ah-mm__tag ah-mm__tag--progress-${detail.item.progress}`}>
              {DEMAND_PROGRESS_LABELS[detail.item.progress]}
            </Text>
          )}
          {!published ? (
            <Text className={`ah-mm__tag ah-mm__tag--${STATUS_TONE[item.status]}`} data-testid="status">
              {PUBLICATION_STATUS_LABELS[item.status]}
            </Text>
          ) : null}
        </View>
        <Text className="ah-mm-detail__title">{item.title}</Text>
        {labels.length > 0 ? (
          <View className="ah-mm-detail__fields">
            {labels.map((label) => (
              <Text key={label} className="ah-mm__chip">
                {label}
              </Text>
            ))}
          </View>
        ) : null}
        {item.keywords.length > 0 ? (
          <Text className="ah-mm-detail__keywords">关键词：{item.keywords.join('、')}</Text>
        ) : null}
        <View
          className="ah-mm-detail__owner"
          role="link"
          onClick={() =>
            void Taro.navigateTo({
              url: `/packages/directory/org/index?id=${encodeURIComponent(item.owner.id)}`,
            })
          }
        >
          <View>
            <Text className="ah-mm__label">{kind === 'achievement' ? '成果单位' : '需求企业'}</Text>
            <Text className="ah-mm-detail__owner-name">{item.owner.name}</Text>
          </View>
          <Text className="ah-mm__muted">
            {[ORG_KIND_LABELS[item.owner.kind], item.owner.region.province, item.owner.region.city]
              .filter(Boolean)
              .join(' · ')}{' '}
            ›
          </Text>
        </View>
      </View>

      {item.review && (item.status === 'rejected' || item.status === 'pending' || item.review.reviewedAt) ? (
        <View className="ah-card ah-mm-detail__review" data-testid="review">
          <Text className="ah-card__title">审核</Text>
          {item.status === 'rejected' && item.review.rejectionReason ? (
            <Text className="ah-mm-detail__reason">未通过原因：{item.review.rejectionReason}</Text>
          ) : null}
          {item.review.submittedAt ? <Fact label="提交时间" value={when(item.review.submittedAt)} /> : null}
          {item.review.reviewedAt ? <Fact label="审核时间" value={when(item.review.reviewedAt)} /> : null}
          {item.review.reviewer ? <Fact label="审核人" value={item.review.reviewer.displayName} /> : null}
          {item.status === 'rejected' && permissions.canEdit ? (
            <Text className="ah-mm__muted">按原因修改后可再次提交审核。</Text>
          ) : null}
        </View>
      ) : null}

      <View className="ah-card">
        {kind === 'achievement' ? (
          <>
            <Text className="ah-card__title">成果简介</Text>
            <Text className="ah-mm-detail__text">{detail.item.summary}</Text>
            {detail.item.detail ? (
              <>
                <Text className="ah-mm-detail__subtitle">详细介绍</Text>
                <Text className="ah-mm-detail__text">{detail.item.detail}</Text>
              </>
            ) : null}
          </>
        ) : (
          <>
            <Text className="ah-card__title">需求描述</Text>
            <Text className="ah-mm-detail__text">{detail.item.description}</Text>
          </>
        )}
      </View>

      <View className="ah-card">
        <Text className="ah-card__title">{kind === 'achievement' ? '转化信息' : '合作信息'}</Text>
        {kind === 'achievement' ? (
          <>
            <Fact label="成熟度" value={MATURITY_LABELS[detail.item.maturity]} />
            <Fact
              label="转化方式"
              value={detail.item.transferModes.map((mode) => TRANSFER_MODE_LABELS[mode]).join('、')}
            />
            <Fact label="参考价格" value={priceText(detail.item).replace(/^参考价 /, '')} />
            {detail.item.ip.length > 0 ? (
              <View className="ah-mm-detail__ip">
                <Text className="ah-mm__label">知识产权</Text>
                {detail.item.ip.map((ip, index) => (
                  <Text key={`${ip.kind}-${index}`} className="ah-mm-detail__ip-row">
                    {IP_KIND_LABELS[ip.kind]}
                    {ip.number ? ` ${ip.number}` : ''}
                  </Text>
                ))}
              </View>
            ) : (
              <Fact label="知识产权" value="未填写" />
            )}
          </>
        ) : (
          <>
            <Fact
              label="合作方式"
              value={detail.item.cooperationModes.map((mode) => COOPERATION_MODE_LABELS[mode]).join('、')}
            />
            <Fact label="预算" value={budgetText(detail.item).replace(/^预算 ?/, '') || '—'} />
            <Fact label="截止日期" value={detail.item.deadline ?? '长期有效'} />
            <Fact label="进展" value={DEMAND_PROGRESS_LABELS[detail.item.progress]} />
            {detail.item.visibility === 'staff' ? (
              <Fact label="公开范围" value={DEMAND_VISIBILITY_LABELS.staff} />
            ) : null}
          </>
        )}
      </View>

      <ContactsCard contacts={item.contacts} />

      {published ? <MatchSection kind={kind} id={item.id} /> : null}

      {item.interest ? (
        <View className="ah-card ah-mm-detail__interest" data-testid="interest">
          <Text className="ah-card__title">关注情况</Text>
          <View className="ah-mm-detail__counts">
            <Count label="浏览" value={item.interest.views} />
            <Count label="感兴趣" value={item.interest.selections} />
          </View>
          <Text className="ah-mm__muted">
            仅{kind === 'achievement' ? '成果' : '需求'}单位和联盟工作人员可见
          </Text>
        </View>
      ) : null}

      {sheet === 'interest' ? (
        <TextSheet
          title="我感兴趣"
          label="想了解什么（选填）"
          placeholder="如：想了解量产成本"
          schema={SelectionCreateBody.shape.note.unwrap()}
          limit={SELECTION_NOTE_MAX}
          confirmText="登记意向"
          busy={busy}
          error={sheetError}
          onSubmit={(note) => void interest(note)}
          onCancel={() => setSheet(null)}
        />
      ) : null}
      {sheet === 'reject' ? (
        <TextSheet
          title="驳回"
          label="驳回原因"
          placeholder="作者会看到这段话，请写明需要修改的地方"
          schema={RejectBody.shape.reason}
          limit={PUBLICATION_LIMITS.rejectReason}
          required
          confirmText="驳回"
          busy={busy}
          error={sheetError}
          onSubmit={(reason) => void reject(reason)}
          onCancel={() => setSheet(null)}
        />
      ) : null}

      <View className="ah-mm__bar">
        {mayReview ? (
          <>
            <Button
              className="ah-mm__button ah-mm__button--danger"
              disabled={busy || undefined}
              onClick={() => {
                setSheetError(null);
                setSheet('reject');
              }}
            >
              驳回
            </Button>
            <Button
              className="ah-mm__button"
              disabled={busy || undefined}
              onClick={() => void act('approve')}
            >
              通过并发布
            </Button>
          </>
        ) : null}
        {permissions.canEdit ? (
          <Button
            className="ah-mm__button ah-mm__button--ghost"
            onClick={() => void Taro.navigateTo({ url: MATCHMAKING_ROUTES.edit(kind, item.id) })}
          >
            编辑
          </Button>
        ) : null}
        {permissions.canSubmit ? (
          <Button className="ah-mm__button" disabled={busy || undefined} onClick={() => void act('submit')}>
            提交审核
          </Button>
        ) : null}
        {permissions.canArchive ? (
          <Button
            className="ah-mm__button ah-mm__button--ghost"
            disabled={busy || undefined}
            onClick={() => void act('archive')}
          >
            下架
          </Button>
        ) : null}
        {mayShowInterest ? (
          <Button
            className="ah-mm__button"
            disabled={interested || busy || undefined}
            onClick={startInterest}
          >
            {interested ? '已登记意向' : '我感兴趣'}
          </Button>
        ) : null}
        {published ? (
          process.env.TARO_ENV === 'weapp' ? (
            <Button className="ah-mm__button ah-mm__button--ghost" openType="share">
              分享
            </Button>
          ) : (
            <Button className="ah-mm__button ah-mm__button--ghost" onClick={share}>
              复制链接
            </Button>
          )
        ) : null}
      </View>
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-mm__row">
      <Text className="ah-mm__label">{label}</Text>
      <Text className="ah-mm__value">{value}</Text>
    </View>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <View className="ah-mm-detail__count">
      <Text className="ah-mm-detail__count-value">{value}</Text>
      <Text className="ah-mm__muted">{label}</Text>
    </View>
  );
}
