import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Card, Divider, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useTalent } from './api.ts';
import type { Talent } from './types.ts';

/**
 * A unit's "three steps" (Hongjiang): employees → technical backbones and
 * middle managers → members → the decision level, with the people still in
 * development, the cross-appointments, and the members still to be found.
 */
export function TalentView({ talent: x }: { talent: Talent }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const s = x.steps;
  const steps = [
    { key: 'employees', label: t('members.talent.employees'), value: s.employees, detail: null },
    {
      key: 'backbones',
      label: t('members.talent.backbones'),
      value: s.backbones.total,
      detail: t('members.talent.backbonesDetail', { technical: s.backbones.technical, management: s.backbones.middleManagement, notYet: s.backbones.notYetMembers }),
    },
    {
      key: 'members',
      label: t('members.talent.members'),
      value: s.members.total,
      detail: t('members.talent.membersDetail', { full: s.members.full, probationary: s.members.probationary, backbones: s.members.backbones }),
    },
    { key: 'decisionLevel', label: t('members.talent.decisionLevel'), value: s.decisionLevel.total, detail: null },
  ];
  return (
    <div data-testid="talent">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('members.talent.hint')}
      </Typography.Paragraph>
      <div style={{ display: 'flex', flexDirection: isMobile ? 'column' : 'row', alignItems: 'stretch', gap: 8, marginBottom: 12 }}>
        {steps.map((st, i) => (
          <div key={st.key} style={{ display: 'flex', flexDirection: isMobile ? 'column' : 'row', alignItems: 'center', gap: 8, flex: 1, minWidth: 0 }}>
            <Card size="small" style={{ flex: 1, width: '100%', background: `rgba(200, 22, 29, ${0.04 + i * 0.05})` }} data-testid={`talent-${st.key}`}>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>{st.label}</div>
              <div style={{ fontSize: 26, fontWeight: 600 }} data-testid={`talent-${st.key}-value`}>
                {st.value}
              </div>
              {st.detail && <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>{st.detail}</div>}
            </Card>
            {i < steps.length - 1 && <RightOutlined style={{ color: '#c8161d', transform: isMobile ? 'rotate(90deg)' : undefined }} />}
          </div>
        ))}
      </div>
      <Space orientation="vertical" size={4} style={{ marginBottom: 8 }}>
        <Typography.Text data-testid="talent-pipeline">{t('members.talent.pipeline', x.pipeline)}</Typography.Text>
        <Typography.Text type={x.toFind.gap > 0 ? 'danger' : 'secondary'} data-testid="talent-to-find">
          {t('members.talent.toFind', x.toFind)}
        </Typography.Text>
        <Typography.Text>
          {t('members.talent.organizations')}{t('members.colon')}
          {x.organizations.length ? (
            x.organizations.map((o) => (
              <Link key={o.id} to={`/orgs/${o.id}`} style={{ marginInlineEnd: 8 }}>
                {o.name}
              </Link>
            ))
          ) : (
            <Typography.Text type="secondary">{t('members.talent.noOrg')}</Typography.Text>
          )}
        </Typography.Text>
      </Space>
      <Divider titlePlacement="start" plain>
        {t('members.talent.crossAppointments')}
      </Divider>
      <Table
        rowKey={(r) => `${r.personId}-${r.orgId}-${r.post}`}
        size="small"
        dataSource={x.crossAppointments}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('members.talent.crossNone') }}
        columns={[
          { key: 'name', dataIndex: 'name', title: t('members.field.name') },
          { key: 'post', dataIndex: 'post', title: t('members.talent.post'), render: (v: string, r) => `${r.orgName} ${l('post', v)}` },
          { key: 'unitPosition', dataIndex: 'unitPosition', title: t('members.talent.unitPosition'), render: (v: string | null) => orDash(v) },
        ]}
        data-testid="talent-cross"
      />
    </div>
  );
}

/** The talent pipeline inside the unit drawer. */
export function UnitTalentSection({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const talent = useTalent(unitId);
  return (
    <>
      <Divider titlePlacement="start" plain>
        {t('members.talent.title')}
      </Divider>
      {talent.isError && <Alert type="error" showIcon title={errorText(talent.error)} />}
      {talent.data ? <TalentView talent={talent.data} /> : !talent.isError && <Skeleton active />}
    </>
  );
}

/** /units/:id/talent */
export function TalentPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id) || null;
  const talent = useTalent(id);
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/members/to-find">
          <ArrowLeftOutlined /> {t('members.toFind.title')}
        </Link>
      </div>
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="talent-title">
          {talent.data ? t('members.talent.pageTitle', { unit: talent.data.unit.name }) : t('members.talent.title')}
        </Typography.Title>
        {talent.data && <Tag>{t('members.talent.title')}</Tag>}
      </Space>
      {talent.isError && <Alert type="error" showIcon title={errorText(talent.error)} />}
      <Card size="small">{talent.data ? <TalentView talent={talent.data} /> : !talent.isError && <Skeleton active />}</Card>
    </>
  );
}
