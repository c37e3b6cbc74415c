-- Demo content for local development and `supabase db reset`. Not applied in production.

insert into communities (name, sort_order) values
  ('东关社区', 1), ('西关社区', 2), ('南关社区', 3), ('北关社区', 4),
  ('金城社区', 5), ('文化路社区', 6), ('中山街社区', 7), ('大同路社区', 8),
  ('五里河社区', 9), ('杞国社区', 10), ('惠济河社区', 11), ('阳光社区', 12);

with s as (
  insert into schools (name, sort_order) values
    ('杞县实验小学', 1), ('杞县第一初级中学', 2)
  returning id, name
)
insert into school_classes (school_id, name, sort_order)
select s.id, c.name, c.sort_order
from s
join (values
  ('杞县实验小学', '三年级(1)班', 1), ('杞县实验小学', '三年级(2)班', 2),
  ('杞县实验小学', '四年级(1)班', 3), ('杞县实验小学', '五年级(1)班', 4),
  ('杞县第一初级中学', '七年级(1)班', 1), ('杞县第一初级中学', '七年级(2)班', 2),
  ('杞县第一初级中学', '八年级(1)班', 3), ('杞县第一初级中学', '九年级(1)班', 4)
) as c(school, name, sort_order) on c.school = s.name;

insert into pledge_campaigns (title, text, goal, is_current) values (
  '创文明城,做文明人',
  E'我自愿签名,承诺做一名文明市民:\n'
  '一、爱党爱国,践行社会主义核心价值观;\n'
  '二、遵守交通,红灯停、绿灯行,文明出行、礼让斑马线;\n'
  '三、爱护环境,不乱扔垃圾、不随地吐痰,垃圾分类投放;\n'
  '四、讲究礼仪,公共场所不大声喧哗,排队守序、不说脏话;\n'
  '五、文明餐桌,珍惜粮食、光盘行动、使用公筷;\n'
  '六、爱护公物,不乱贴乱画,不损坏花草树木;\n'
  '七、孝老爱亲,邻里和睦,关爱他人、乐于助人;\n'
  '八、诚实守信,文明上网,不造谣不传谣;\n'
  '九、积极参加志愿服务,争做文明创建的参与者、推动者。\n'
  '从我做起,从现在做起,共建崇德向善、和谐宜居的幸福新杞县!',
  10000,
  true
);

-- The organiser of the demo: log in with the code dev:organizer.
with u as (
  insert into users (openid, nickname) values ('dev:organizer', '创建办组织者') returning id
)
insert into user_roles (user_id, role, scope_kind) select id, 'organizer', 'county' from u;

-- Small rewards (小奖励) at the campaign office's prize desk.
insert into rewards (name, description, cost, stock) values
  ('文明创建环保购物袋', '可折叠帆布袋,印有「创文明城 做文明人」。', 20, 200),
  ('垃圾分类宣传扑克', '一副扑克,学会垃圾分类小知识。', 30, 100),
  ('定制笔记本', '文明创建主题笔记本一本。', 40, 100),
  ('公交卡充值 10 元', '凭兑换码到县公交公司服务点充值。', 100, 30),
  ('县图书馆文创书签套装', '一套四枚,县图书馆服务台领取。', 60, 50);

-- Upcoming activities, dated from the day the demo database is created.
insert into activities (title, kind, description, location, starts_at, ends_at, capacity, hours, cancel_rule, created_by)
select a.title, a.kind, a.description, a.location,
       date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' + a.starts,
       date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' + a.starts + a.length,
       a.capacity, a.hours, 'until_deadline', (select id from users where openid = 'dev:organizer')
from (values
  ('学雷锋志愿服务:清扫东关街', 'volunteer', '清扫街道、清理小广告。请穿方便活动的衣服,工具由社区提供。', '东关社区党群服务中心门口',
   interval '2 days 8 hours', interval '2 hours', 30, 2.0),
  ('社区文明课堂:垃圾分类怎么分', 'class', '讲解四类垃圾怎么分、投放时间和地点,现场有小游戏。', '金城社区活动室',
   interval '3 days 15 hours', interval '90 minutes', 40, 1.5),
  ('道德讲堂:身边好人故事分享', 'lecture', '听身边好人讲自己的故事,唱一首歌、诵一段经典、发一份善心。', '县文化馆二楼报告厅',
   interval '6 days 19 hours 30 minutes', interval '90 minutes', 120, 0),
  ('文明交通劝导:中山街路口', 'persuasion', '在路口劝导行人走斑马线、电动车戴头盔。请提前 10 分钟到岗领取红马甲。', '中山街与文化路交叉口',
   interval '4 days 7 hours', interval '2 hours', 12, 2.0)
) as a(title, kind, description, location, starts, length, capacity, hours);

-- A selection round taking nominations and votes, dated from the day the demo database is
-- created, with a few approved stories to vote for.
with round as (
  insert into selection_rounds (title, description, status, nominate_from, nominate_until, vote_from, vote_until, created_by)
  values ('身边好人推荐评议', '推荐您身边助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲的好人,为好人点赞。',
          'open', now() - interval '1 day', now() + interval '60 days', now() - interval '1 day', now() + interval '75 days',
          (select id from users where openid = 'dev:organizer'))
  returning id
)
insert into nominations (round_id, nominee_name, category, community_id, story, status, reviewed_at)
select round.id, n.name, n.category, (select id from communities where name = n.community), n.story, 'approved', now()
from round, (values
  ('王秀英', '孝老爱亲', '东关社区', '照顾瘫痪在床的婆婆十二年,每天擦洗、喂饭、按摩,婆婆身上从没生过褥疮。邻居们都说,这样的儿媳妇打着灯笼也难找。'),
  ('李建国', '助人为乐', '金城社区', '退休后在小区门口义务修自行车八年,分文不取。谁家老人的三轮车坏了,他都上门去修,还教孩子们修车。'),
  ('陈志强', '见义勇为', '中山街社区', '今年夏天在河边听到呼救,来不及脱衣服就跳进水里,把落水的小学生托上了岸,随后悄悄离开,后来才被家长找到。'),
  ('赵红梅', '敬业奉献', '西关社区', '社区网格员,负责的 300 多户居民家里有什么难处她都记在本子上,独居老人的药吃完了,她总是第一个发现。')
) as n(name, category, community, story);
update selection_rounds r set approved_count = (select count(*) from nominations n where n.round_id = r.id and n.status = 'approved');

-- Work units (单位) taking part, some owning a road section (包路段). Their organisers are granted
-- with `npm run admin -- grant <who> organizer --scope unit:<名称>` or by an admin in the API.
insert into units (name, kind, description, sort_order) values
  ('县文明办', 'unit', '县精神文明建设办公室', 1),
  ('县第一人民医院', 'unit', '医疗志愿服务队', 2),
  ('县交通运输局', 'road_section', '包路段:中山街(文化路口至大同路口)', 3),
  ('县供电公司', 'road_section', '包路段:金城大道(东关至五里河)', 4);

-- Demo activities belong where they happen: two communities and a unit's road section; the 道德讲堂
-- stays county-wide.
update activities set community_id = (select id from communities where name = '东关社区') where title = '学雷锋志愿服务:清扫东关街';
update activities set community_id = (select id from communities where name = '金城社区') where title = '社区文明课堂:垃圾分类怎么分';
update activities set unit_id = (select id from units where name = '县交通运输局') where title = '文明交通劝导:中山街路口';

-- Demo announcements (公告): one pinned for the whole county, one for 东关社区.
insert into announcements (title, body, scope_kind, scope_id, pinned, status, publish_at, created_by, updated_by)
select a.title, a.body, a.scope_kind, (select id from communities where name = a.community), a.pinned, 'published',
       now() - a.age, o.id, o.id
from (values
  ('创建省级文明县城,欢迎您一起参与',
   '<h3>人人参与,人人受益</h3><p>全县创建省级文明县城工作已经全面开始。欢迎大家<strong>签署文明承诺</strong>、参加志愿服务、推荐身边好人。</p><ul><li>文明出行,礼让斑马线</li><li>垃圾分类,不乱扔乱倒</li><li>邻里和睦,互帮互助</li></ul>',
   'county', null, true, interval '2 days'),
  ('东关社区本周六集中清扫',
   '<p>本周六上午 8 点在东关街口集合,清扫街道和楼道。</p><p>请<strong>带好手套</strong>,扫帚和垃圾袋由社区准备。</p>',
   'community', '东关社区', false, interval '3 hours')
) as a(title, body, scope_kind, community, pinned, age)
cross join (select id from users where openid = 'dev:organizer') o;
