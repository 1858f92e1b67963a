local balance = tonumber(redis.call('GET', KEYS[1]))
local cost = tonumber(ARGV[1])
if balance >= cost then
  redis.call('DECRBY', KEYS[1], cost)
  return 1
else
  return 0
end
