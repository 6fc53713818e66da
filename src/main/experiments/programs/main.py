

# ---- the command line: evaluate the saved weights, or retrain (alone or data-parallel) ----

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv):
    p = argparse.ArgumentParser(description=f'{EXPERIMENT}: evaluate the workbench weights or retrain in PyTorch')
    p.add_argument('--train', action='store_true', help='retrain with the run\'s hyperparameters instead of evaluating params.npz')
    p.add_argument('--epochs', type=int, default=None, help='epochs to train (default: the run\'s)')
    p.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N')
    p.add_argument('--workers', type=int, default=1, help='data-parallel processes (DistributedDataParallel)')
    p.add_argument('--data', default=FASHION_MNIST_DIR, help='folder with the Fashion-MNIST IDX files')
    p.add_argument('--params', default=os.path.join(HERE, 'params.npz'), help='the weights to evaluate')
    args = p.parse_args(argv)
    if args.epochs is not None and args.epochs < 1:
        p.error(f'--epochs must be at least 1, got {args.epochs}')
    if args.workers < 1:
        p.error(f'--workers must be at least 1, got {args.workers}')
    return args


def setup(args, rank=0, world_size=1):
    """Configures this process: hyperparameter overrides, device, data."""
    global num_epochs
    if args.epochs is not None:
        num_epochs = args.epochs
    Run.rank, Run.world_size, Run.data_dir = rank, world_size, args.data
    device = torch.device(args.device)
    if device.type == 'cuda' and device.index is None and world_size > 1:
        device = torch.device('cuda', rank % torch.cuda.device_count())
    Run.device = device
    saved = os.path.join(HERE, 'data.npz')
    Run.saved_data = dict(np.load(saved)) if os.path.exists(saved) else None
    torch.manual_seed(seed)


def report(net, d):
    print(json.dumps({'experiment': EXPERIMENT, METRIC: evaluate(net, d)}), flush=True)


def train_worker(rank, world_size, args):
    distributed = world_size > 1
    if distributed:
        backend = 'nccl' if args.device.startswith('cuda') else 'gloo'
        torch.distributed.init_process_group(backend, rank=rank, world_size=world_size)
    setup(args, rank, world_size)
    if distributed:
        # Every process adds 1: rank 0 prints how many joined, so the group is seen to be whole.
        joined = torch.ones(1, device=Run.device)
        torch.distributed.all_reduce(joined)
        log(f'data-parallel: {int(joined.item())} of {world_size} processes joined '
            f'({backend}, {os.environ.get("MASTER_ADDR")}:{os.environ.get("MASTER_PORT")})')
    d = make_data()
    net = make_net()
    if net is not None:
        net = net.to(Run.device)
    model = net
    if distributed and net is not None:
        ids = [Run.device.index] if Run.device.type == 'cuda' else None
        model = nn.parallel.DistributedDataParallel(net, device_ids=ids)
    train(model, d)
    if rank == 0:
        report(net, d)
    if distributed:
        torch.distributed.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main(argv):
    args = parse_args(argv)
    if not args.train:
        setup(args)
        net = make_net()
        if net is not None:
            arrays = np.load(args.params)
            net.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})
            net = net.to(Run.device)
        report(net, make_data())
        return
    if 'WORLD_SIZE' in os.environ and 'RANK' in os.environ:
        # Started by torchrun or a cluster launcher: it set RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
        train_worker(int(os.environ['RANK']), int(os.environ['WORLD_SIZE']), args)
    elif args.workers > 1:
        os.environ.setdefault('MASTER_ADDR', '127.0.0.1')
        os.environ.setdefault('MASTER_PORT', str(free_port()))
        if os.environ['MASTER_ADDR'] in ('127.0.0.1', 'localhost'):
            os.environ.setdefault('GLOO_SOCKET_IFNAME', 'lo')
        torch.multiprocessing.spawn(train_worker, args=(args.workers, args), nprocs=args.workers)
    else:
        train_worker(0, 1, args)


if __name__ == '__main__':
    main(sys.argv[1:])
